import { testSessionStorage } from '@sessionkit/conformance'
import { createMemorySessionStorage } from './memory-storage.js'

// The shared conformance suite. The memory storage has no server, so the unreachable-server
// case is reported as skipped.
testSessionStorage({
  name: 'memory',
  createStorage: (options) => createMemorySessionStorage(options),
  capabilities: { fieldTtl: 'native' },
})

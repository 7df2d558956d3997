import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import { createMemoryDriver } from './memory-driver.js'
import { createMemorySessionStorage } from './memory-storage.js'

// The shared conformance suites, of the storage and of its driver. The memory backend has no
// server, so the unreachable-server cases are reported as skipped.
testSessionStorage({
  name: 'memory',
  createStorage: (options) => createMemorySessionStorage(options),
  capabilities: { fieldTtl: 'native', owners: 'list' },
  inProcess: true,
})

testSessionDriver({
  name: 'memory',
  createDriver: ({ prefix }) => createMemoryDriver({ prefix }),
  capabilities: { fieldTtl: 'native', owners: 'list' },
})

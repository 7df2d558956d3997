import { testSessionStorage } from '@sessionkit/conformance'
import { beforeAll } from 'vitest'
import { closedPort } from '../test-support/closed-port.js'
import { SASL_CREDENTIALS, useSaslServer } from '../test-support/sasl.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

const server = useSaslServer()
let refusing: number

beforeAll(async () => {
  refusing = await closedPort()
})

// The shared conformance suite against a memcached that requires SASL PLAIN login.
testSessionStorage({
  name: 'memcache (memcached 1.6 with SASL)',
  createStorage: (options) =>
    createMemcacheSessionStorage({ servers: [server.url], ...SASL_CREDENTIALS, ...options }),
  createUnreachableStorage: ({ timeout }) =>
    createMemcacheSessionStorage({
      servers: [`127.0.0.1:${refusing}`],
      ...SASL_CREDENTIALS,
      timeout,
    }),
  capabilities: { fieldTtl: 'emulated', owners: 'revoke-all' },
})

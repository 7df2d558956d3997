import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { closedPort } from '../test-support/closed-port.js'
import { createMemcacheDriver } from './memcache-driver.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

let server: TestServer
let refusing: number

beforeAll(async () => {
  ;[server, refusing] = await Promise.all([startMemcachedServer(), closedPort()])
})

afterAll(async () => {
  await server?.stop()
})

// The shared conformance suites, of the storage and of its driver, against one memcached 1.6
// server.
testSessionStorage({
  name: 'memcache (one memcached 1.6)',
  createStorage: (options) => createMemcacheSessionStorage({ servers: [server.url], ...options }),
  createUnreachableStorage: ({ timeout }) =>
    createMemcacheSessionStorage({ servers: [`127.0.0.1:${refusing}`], timeout }),
  capabilities: { fieldTtl: 'emulated', owners: 'revoke-all' },
})

testSessionDriver({
  name: 'memcache (one memcached 1.6)',
  createDriver: ({ prefix }) => createMemcacheDriver({ servers: [server.url], prefix }),
  createUnreachableDriver: ({ timeout }) =>
    createMemcacheDriver({ servers: [`127.0.0.1:${refusing}`], timeout }),
  capabilities: { fieldTtl: 'emulated', owners: 'revoke-all' },
})

import { testSessionStorage } from '@sessionkit/conformance'
import { startMemcachedPool, type TestServerPool } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { closedPort } from '../test-support/closed-port.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

let pool: TestServerPool
let refusing: number

beforeAll(async () => {
  ;[pool, refusing] = await Promise.all([startMemcachedPool(3), closedPort()])
})

afterAll(async () => {
  await pool?.stop()
})

// The shared conformance suite against a pool of three memcached 1.6 servers (ketama ring).
testSessionStorage({
  name: 'memcache (pool of three memcached 1.6)',
  createStorage: (options) =>
    createMemcacheSessionStorage({ servers: pool.servers.map((s) => s.url), ...options }),
  createUnreachableStorage: ({ timeout }) =>
    createMemcacheSessionStorage({ servers: [`127.0.0.1:${refusing}`], timeout }),
  capabilities: { fieldTtl: 'emulated', owners: 'revoke-all' },
})

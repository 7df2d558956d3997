import { testSessionStorage } from '@sessionkit/conformance'
import { startTlsRedisServer, type TlsTestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { connected, REFUSING_PORT } from '../test-support/standalone-conformance.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The shared conformance suite on a TLS-only Redis 8 through ioredis (rediss://), the CA
// passed as a TLS option.
let server: TlsTestServer
beforeAll(async () => {
  server = await startTlsRedisServer('redis8')
})
afterAll(async () => {
  await server?.stop()
})

testSessionStorage({
  name: 'redis: Redis 8 over TLS (ioredis, rediss://)',
  createStorage: (options) =>
    connected(
      createRedisSessionStorage({ url: server.url, tls: { ca: server.tls.ca }, ...options }),
    ),
  createUnreachableStorage: ({ timeout }) =>
    createRedisSessionStorage({
      url: `rediss://127.0.0.1:${REFUSING_PORT}`,
      tls: { ca: server.tls.ca },
      timeout,
    }),
  capabilities: { fieldTtl: 'native' },
})

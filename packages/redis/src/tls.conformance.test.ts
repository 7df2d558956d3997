import { testSessionStorage } from '@sessionkit/conformance'
import { startTlsRedisServer, type TlsTestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { LIBRARY_NAMES } from '../test-support/redis-targets.js'
import { connected, REFUSING_PORT } from '../test-support/standalone-conformance.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The shared conformance suite on a TLS-only Redis 8 (rediss://) through each client package,
// the CA passed as a TLS option.
let server: TlsTestServer
beforeAll(async () => {
  server = await startTlsRedisServer('redis8')
})
afterAll(async () => {
  await server?.stop()
})

for (const library of ['redis', 'ioredis', 'iovalkey'] as const) {
  testSessionStorage({
    name: `redis: Redis 8 over TLS (${LIBRARY_NAMES[library]}, rediss://)`,
    createStorage: (options) =>
      connected(
        createRedisSessionStorage({
          url: server.url,
          library,
          tls: { ca: server.tls.ca },
          ...options,
        }),
      ),
    createUnreachableStorage: ({ timeout }) =>
      createRedisSessionStorage({
        url: `rediss://127.0.0.1:${REFUSING_PORT}`,
        library,
        tls: { ca: server.tls.ca },
        timeout,
      }),
    capabilities: { fieldTtl: 'native', owners: 'list' },
  })
}

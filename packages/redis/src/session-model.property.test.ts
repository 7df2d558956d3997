import {
  propertyParameters,
  runSessionSteps,
  sessionSteps,
} from '@sessionkit/conformance/properties'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import fc from 'fast-check'
import { afterAll, beforeAll, it } from 'vitest'
import { uniqueTestPrefix } from '../test-support/redis-targets.js'
import { createRedisSessionStorage } from './redis-storage.js'

// Random sequences of set / unset / flash / save / read / destroy / regenerate against a model,
// on Redis 8 (native field TTL) and Valkey 8.1 (emulated), each sequence under a prefix of its
// own. SESSIONKIT_PROPERTY_RUNS runs more; a failure prints its seed (replay with
// SESSIONKIT_PROPERTY_SEED).
const servers: Partial<Record<'redis8' | 'valkey8', TestServer>> = {}

beforeAll(async () => {
  ;[servers.redis8, servers.valkey8] = await Promise.all([
    startRedisServer('redis8'),
    startRedisServer('valkey8'),
  ])
})

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server?.stop()))
})

for (const [flavor, library] of [
  ['redis8', 'redis'],
  ['valkey8', 'iovalkey'],
] as const) {
  it(`behaves like the model under random request sequences (${flavor}, ${library})`, async () => {
    const url = servers[flavor]?.url ?? ''
    const storage = createRedisSessionStorage({ url, library, prefix: uniqueTestPrefix() })
    try {
      await fc.assert(
        fc.asyncProperty(sessionSteps(), (steps) => runSessionSteps(storage, steps)),
        propertyParameters(100),
      )
    } finally {
      await storage.close()
    }
  }, 120_000)
}

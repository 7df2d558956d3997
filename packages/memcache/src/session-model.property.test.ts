import {
  propertyParameters,
  runSessionSteps,
  sessionSteps,
} from '@sessionkit/conformance/properties'
import { startMemcachedPool, type TestServerPool } from '@sessionkit/test-servers'
import fc from 'fast-check'
import { afterAll, beforeAll, it } from 'vitest'
import { uniquePrefix } from '../test-support/fixtures.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

// Random sequences of set / unset / flash / save / read / destroy / regenerate against a model,
// on two memcached servers (regenerateId moves sessions between them). SESSIONKIT_PROPERTY_RUNS
// runs more; a failure prints its seed (replay with SESSIONKIT_PROPERTY_SEED).
let pool: TestServerPool

beforeAll(async () => {
  pool = await startMemcachedPool(2)
})

afterAll(async () => {
  await pool?.stop()
})

it('behaves like the model under random request sequences', async () => {
  const storage = createMemcacheSessionStorage({
    servers: pool.servers.map((server) => server.url),
    prefix: uniquePrefix(),
  })
  try {
    await fc.assert(
      fc.asyncProperty(sessionSteps(), (steps) => runSessionSteps(storage, steps)),
      propertyParameters(100),
    )
  } finally {
    await storage.close()
  }
}, 120_000)

import { formatSoakReport, runSoak, soakDurationMs } from '@sessionkit/conformance/faults'
import { startMemcachedPool, type TestServerPool } from '@sessionkit/test-servers'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { uniquePrefix } from '../../test-support/fixtures.js'
import { createMemcacheSessionStorage } from '../memcache-storage.js'

// Bounded soak: 128 concurrent read-change-save cycles on a pool of 3 memcached servers, two
// workers per session changing a key each. Quick by default (3 s); `npm run soak` at the
// repository root runs 60 s (SESSIONKIT_SOAK_SECONDS).

let pool: TestServerPool

beforeAll(async () => {
  pool = await startMemcachedPool(3)
})

afterAll(async () => {
  await pool?.stop()
})

it(
  'soaks at 128 concurrent with no error and no lost update',
  async () => {
    const durationMs = soakDurationMs()
    const storage = createMemcacheSessionStorage({
      servers: pool.servers.map((server) => server.url),
      prefix: uniquePrefix(),
    })
    const report = await runSoak(storage, { concurrency: 128, durationMs })
    console.log(formatSoakReport('memcache (3 servers)', report))
    expect(report.errorSamples).toEqual([])
    expect(report).toMatchObject({ errors: 0, lostUpdates: 0 })
    expect(report.cycles).toBeGreaterThan(0)
    await storage.close()
  },
  soakDurationMs() + 60_000,
)

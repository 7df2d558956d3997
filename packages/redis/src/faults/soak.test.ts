import { formatSoakReport, runSoak, soakDurationMs } from '@sessionkit/conformance/faults'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { uniqueTestPrefix } from '../../test-support/redis-targets.js'
import { createRedisSessionStorage } from '../redis-storage.js'

// Bounded soak: 128 concurrent read-change-save cycles on Redis 8 through node-redis (the
// default client), two workers per session changing a key each. Quick by default (3 s);
// `npm run soak` at the repository root runs 60 s (SESSIONKIT_SOAK_SECONDS).

let server: TestServer

beforeAll(async () => {
  server = await startRedisServer('redis8')
})

afterAll(async () => {
  await server?.stop()
})

it(
  'soaks at 128 concurrent with no error and no lost update',
  async () => {
    const durationMs = soakDurationMs()
    const storage = createRedisSessionStorage({ url: server.url, prefix: uniqueTestPrefix() })
    const report = await runSoak(storage, { concurrency: 128, durationMs })
    console.log(formatSoakReport('redis (Redis 8, node-redis)', report))
    expect(report.errorSamples).toEqual([])
    expect(report).toMatchObject({ errors: 0, lostUpdates: 0 })
    expect(report.cycles).toBeGreaterThan(0)
    await storage.close()
  },
  soakDurationMs() + 60_000,
)

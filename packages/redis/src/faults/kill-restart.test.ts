import { formatCalls, formatLatency, VersionedLoad } from '@sessionkit/conformance/faults'
import { type SessionStorage, SessionStorageUnavailableError } from '@sessionkit/core'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIBRARY_NAMES, sleep, uniqueTestPrefix } from '../../test-support/redis-targets.js'
import { createRedisSessionStorage } from '../redis-storage.js'

// Redis 8 with the append-only file fsynced before every reply (`appendfsync always`), killed
// with SIGKILL (no shutdown, nothing flushed) and started again.

const TIMEOUT = 1_000
/** Slack over `TIMEOUT` for a failure to reach the caller on a loaded 2-core machine. */
const SLACK = 250

let server: TestServer

beforeAll(async () => {
  server = await startRedisServer('redis8', { appendfsync: 'always' })
})

afterAll(async () => {
  await server?.stop()
})

/** Retries a read of `cookie` until it succeeds (at most 5 s); ms it took. */
async function untilReadable(storage: SessionStorage, cookie: string): Promise<number> {
  const started = Date.now()
  for (;;) {
    try {
      await storage.read(cookie)
      return Date.now() - started
    } catch (error) {
      if (Date.now() - started > 5_000) throw error
      await sleep(20)
    }
  }
}

describe('Redis with AOF (appendfsync always), killed with -9 and restarted', () => {
  it('keeps 100% of acknowledged saves', async () => {
    const storage = createRedisSessionStorage({ url: server.url, prefix: uniqueTestPrefix() })
    const cookies = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const session = await storage.read(null)
        session.set('i', i)
        return String(await storage.save(session))
      }),
    )
    await server.kill()
    await server.resume()
    // The client reconnects on its own, within its backoff.
    const recovery = await untilReadable(storage, cookies[0] ?? '')
    console.log(`AOF always, kill -9, restart: storage readable ${recovery} ms after the server`)
    let kept = 0
    for (const [i, cookie] of cookies.entries()) {
      if ((await storage.read(cookie)).get('i') === i) kept++
    }
    console.log(
      `AOF always, kill -9, restart: ${kept} of ${cookies.length} acknowledged saves kept`,
    )
    expect(kept).toBe(cookies.length)
    await storage.close()
  })

  for (const library of ['redis', 'ioredis'] as const) {
    it(`under load through ${LIBRARY_NAMES[library]}: typed errors in time, the same storage recovers, no session is a mix`, async () => {
      const storage = createRedisSessionStorage({
        url: server.url,
        library,
        prefix: uniqueTestPrefix(),
        timeout: TIMEOUT,
      })
      const load = await VersionedLoad.start(storage, 64)
      await sleep(800)
      const killedAt = load.now()
      await server.kill()
      await sleep(1_000)
      const restartAt = load.now()
      await server.resume()
      const servingAt = load.now()
      const recoveredAt = await load.succeededSince(servingAt, 10_000)
      await sleep(500)
      await load.stop()

      const during = load.calls.filter((call) => call.at >= killedAt && call.at < servingAt)
      const failures = during.filter((call) => call.error !== undefined)
      console.log(formatCalls(`kill -9 (${LIBRARY_NAMES[library]}), while down`, during))
      console.log(
        `kill -9 (${LIBRARY_NAMES[library]}): server down ${(servingAt - killedAt).toFixed(0)} ms ` +
          `(restart took ${(servingAt - restartAt).toFixed(0)} ms); first success ` +
          `${(recoveredAt - servingAt).toFixed(0)} ms after it served again; after recovery ` +
          formatLatency(load.latencySince(recoveredAt)),
      )
      expect(failures.length).toBeGreaterThan(0)
      for (const call of failures) {
        expect(call.error).toBeInstanceOf(SessionStorageUnavailableError)
        expect(call.ms).toBeLessThan(TIMEOUT + SLACK)
      }
      // The same storage object serves again without a restart of the app.
      expect(recoveredAt - servingAt).toBeLessThan(5_000)
      const after = load.callsSince(recoveredAt + 200)
      expect(after.ok.length).toBeGreaterThan(0)
      expect(after.failed).toEqual([])

      const verdict = await load.verify()
      console.log(
        `kill -9 (${LIBRARY_NAMES[library]}): sessions afterwards ${JSON.stringify(verdict)}`,
      )
      expect(verdict).toMatchObject({ mixed: 0, olderThanAcknowledged: 0, gone: 0, intact: 64 })
      await storage.close()
    })
  }
})

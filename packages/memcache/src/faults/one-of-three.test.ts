import {
  formatCalls,
  formatLatency,
  summarizeLatency,
  VersionedLoad,
} from '@sessionkit/conformance/faults'
import { SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedPool, type TestServerPool } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNew, sleep, storageWithDriver, uniquePrefix } from '../../test-support/fixtures.js'

// Three memcached servers; one of them killed with -9 (and started again, empty: memcached
// keeps nothing on disk), or stopped with SIGSTOP (alive but answering nothing).

const TIMEOUT = 1_000
// How late a failing call may end after the timeout. A call here is a read then a save, each
// bounded by the timeout; failures have been measured at up to ~1.5 s (cause not pinned down:
// the load runs ~20,000 calls a second in this process on a 2-core machine). A hang, the bug
// this guards against, lasts for ever.
const SLACK = 750
const SESSIONS = 300

let pool: TestServerPool

beforeAll(async () => {
  pool = await startMemcachedPool(3)
})

afterAll(async () => {
  await pool?.stop()
})

const servers = () => pool.servers.map((server) => server.url)

describe('memcached, 1 of 3 servers killed', () => {
  it('loses about a third of the sessions, only those, typed and in time; serves them again once it is back', async () => {
    const victim = pool.servers[1]
    if (!victim) throw new Error('the pool has no second server')
    const { storage, driver } = storageWithDriver({
      servers: servers(),
      prefix: uniquePrefix(),
      timeout: TIMEOUT,
    })
    const cookies = await Promise.all(
      Array.from({ length: SESSIONS }, (_, i) => saveNew(storage, { i })),
    )
    const onVictim = cookies.filter(
      (cookie) => driver.serverFor(storageIdOf(cookie)) === victim.url,
    )

    await victim.kill()
    const slowest = { failed: 0 }
    let failed = 0
    const readable: number[] = []
    await Promise.all(
      cookies.map(async (cookie, i) => {
        const started = performance.now()
        try {
          const session = await storage.read(cookie)
          expect(session.get('i')).toBe(i)
          readable.push(performance.now() - started)
        } catch (error) {
          const ms = performance.now() - started
          expect(error).toBeInstanceOf(SessionStorageUnavailableError)
          expect(onVictim).toContain(cookie)
          slowest.failed = Math.max(slowest.failed, ms)
          failed++
        }
      }),
    )
    const share = failed / SESSIONS
    console.log(
      `memcached 1 of 3 killed: ${failed} of ${SESSIONS} sessions unavailable ` +
        `(${(share * 100).toFixed(1)}%; the ring puts ${onVictim.length} on it), slowest failure ` +
        `${slowest.failed.toFixed(0)} ms; ${readable.length} others read (${formatLatency(summarizeLatency(readable))})`,
    )
    expect(failed).toBe(onVictim.length)
    expect(share).toBeGreaterThan(0.2)
    expect(share).toBeLessThan(0.47)
    expect(slowest.failed).toBeLessThan(TIMEOUT + SLACK)

    await victim.resume()
    const backAt = performance.now()
    // Its sessions are gone (it restarted empty): they read as new, and new ones are stored.
    let gone = 0
    let recoveredAfter = -1
    for (const cookie of onVictim) {
      for (;;) {
        try {
          if ((await storage.read(cookie)).isNew) gone++
          if (recoveredAfter < 0) recoveredAfter = performance.now() - backAt
          break
        } catch (error) {
          expect(error).toBeInstanceOf(SessionStorageUnavailableError)
          expect(performance.now() - backAt).toBeLessThan(10_000)
          await sleep(50)
        }
      }
    }
    let storedOnVictim = 0
    for (let i = 0; storedOnVictim < 20; i++) {
      const cookie = await saveNew(storage, { again: i })
      if (driver.serverFor(storageIdOf(cookie)) !== victim.url) continue
      expect((await storage.read(cookie)).get('again')).toBe(i)
      storedOnVictim++
    }
    console.log(
      `memcached 1 of 3 restarted: first success ${recoveredAfter.toFixed(0)} ms after it served; ` +
        `${gone} of its ${onVictim.length} sessions read as new (lost with the restart), ` +
        `20 new sessions stored on it`,
    )
    expect(gone).toBe(onVictim.length)
    await storage.close()
  })

  it('with failover, its sessions read as new at once instead of failing', async () => {
    const victim = pool.servers[2]
    if (!victim) throw new Error('the pool has no third server')
    const { storage, driver } = storageWithDriver({
      servers: servers(),
      prefix: uniquePrefix(),
      timeout: TIMEOUT,
      failover: true,
      failoverRetryDelay: 60_000,
    })
    const cookies = await Promise.all(Array.from({ length: 90 }, (_, i) => saveNew(storage, { i })))
    const onVictim = new Set(
      cookies.filter((cookie) => driver.serverFor(storageIdOf(cookie)) === victim.url),
    )
    await victim.kill()
    let asNew = 0
    let slowest = 0
    for (const [i, cookie] of cookies.entries()) {
      const started = performance.now()
      const session = await storage.read(cookie)
      slowest = Math.max(slowest, performance.now() - started)
      if (session.isNew) {
        expect(onVictim.has(cookie)).toBe(true)
        asNew++
      } else expect(session.get('i')).toBe(i)
    }
    console.log(
      `memcached 1 of 3 killed, failover: ${asNew} of ${cookies.length} sessions read as new ` +
        `(${onVictim.size} were on it), no errors, slowest read ${slowest.toFixed(0)} ms`,
    )
    expect(asNew).toBe(onVictim.size)
    expect(slowest).toBeLessThan(TIMEOUT + SLACK)
    await victim.resume()
    await storage.close()
  })
})

describe('memcached, 1 of 3 servers stopped with SIGSTOP under load', () => {
  it('bounds every call by the timeout, keeps the others serving, and recovers with nothing lost', async () => {
    const victim = pool.servers[0]
    if (!victim) throw new Error('the pool has no first server')
    const { storage, driver } = storageWithDriver({
      servers: servers(),
      prefix: uniquePrefix(),
      timeout: TIMEOUT,
    })
    const load = await VersionedLoad.start(storage, 60)
    const onVictim = new Set(
      load.cookies.filter((cookie) => driver.serverFor(storageIdOf(cookie)) === victim.url),
    )
    await sleep(500)
    const frozenAt = load.now()
    await victim.freeze()
    await sleep(2_500)
    const thawAt = load.now()
    await victim.thaw()
    const recoveredAt = await load.succeededSince(thawAt, 5_000)
    await sleep(500)
    await load.stop()

    const during = load.calls.filter((call) => call.at >= frozenAt + 100 && call.at < thawAt)
    console.log(formatCalls('memcached SIGSTOP, while stopped', during))
    console.log(
      `memcached SIGSTOP: ${onVictim.size} of ${load.cookies.length} sessions on it; stopped ` +
        `${(thawAt - frozenAt).toFixed(0)} ms; first success after SIGCONT ` +
        `${(recoveredAt - thawAt).toFixed(0)} ms`,
    )
    const failed = during.filter((call) => call.error !== undefined)
    expect(failed.length).toBeGreaterThan(0)
    for (const call of load.calls) expect(call.ms).toBeLessThan(TIMEOUT + SLACK)
    for (const call of failed) expect(call.error).toBeInstanceOf(SessionStorageUnavailableError)
    // The sessions on the other servers kept working all along.
    expect(during.filter((call) => call.error === undefined).length).toBeGreaterThan(0)
    // Calls begun once the servers answer again all succeed. (A call that was waiting on the
    // stopped server when it was continued may still end in its timeout: bounded and typed.)
    const failedLater = load.calls.filter((call) => call.at >= recoveredAt + 300 && call.error)
    expect(failedLater).toEqual([])
    const verdict = await load.verify()
    console.log(`memcached SIGSTOP: sessions afterwards ${JSON.stringify(verdict)}`)
    expect(verdict).toMatchObject({ mixed: 0, olderThanAcknowledged: 0, gone: 0 })
    await storage.close()
  })
})

import { formatCalls, formatLatency, VersionedLoad } from '@sessionkit/conformance/faults'
import { createSessionStorageFromConfig, SessionStorageUnavailableError } from '@sessionkit/core'
import { startRedisSentinel, type TestSentinelGroup } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  LIBRARY_NAMES,
  rawClient,
  sleep,
  uniqueTestPrefix,
} from '../../test-support/redis-targets.js'

// A Redis 8 primary with one replica, watched by three Sentinels (quorum 2,
// down-after-milliseconds 1000); the primary is killed with -9 under load.

const TIMEOUT = 1_000
const SLACK = 250
/** The bound this test holds the app to: from the kill to the first successful call. */
const RECOVERY_BOUND = 10_000
const SAVED_BEFORE = 200

describe.each(['redis', 'ioredis'] as const)('Redis Sentinel, primary killed (%s)', (library) => {
  let group: TestSentinelGroup

  beforeAll(async () => {
    group = await startRedisSentinel('redis8')
  })

  afterAll(async () => {
    await group?.stop()
  })

  it(`reads every session saved (and replicated) before the failover, and recovers within ${RECOVERY_BOUND / 1000} s (${LIBRARY_NAMES[library]})`, async () => {
    // Through core's config loader: the store URL as an operator would write it.
    const storage = await createSessionStorageFromConfig(
      `${group.url}?library=${library}&timeout=${TIMEOUT}&prefix=${uniqueTestPrefix()}`,
    )
    // The first connection asks the Sentinels first: give it a few tries on a busy machine.
    for (let attempt = 1; ; attempt++) {
      try {
        await storage.ready()
        break
      } catch (error) {
        if (attempt === 10) throw error
      }
    }
    const cookies = await Promise.all(
      Array.from({ length: SAVED_BEFORE }, async (_, i) => {
        const session = await storage.read(null)
        session.set('i', i)
        return String(await storage.save(session))
      }),
    )
    // Replication in sync: WAIT until the replica has acknowledged every write so far.
    const raw = rawClient(await group.primary())
    expect(Number(await raw.call('WAIT', '1', '5000'))).toBe(1)
    raw.disconnect()

    const load = await VersionedLoad.start(storage, 32)
    await sleep(500)
    const killedAt = load.now()
    const promoted = await group.killPrimary()
    const promotedAt = load.now()
    // Recovered: a whole second of calls without a failure.
    for (;;) {
      await sleep(200)
      const recent = load.callsSince(load.now() - 1_000)
      if (recent.failed.length === 0 && recent.ok.length > 0 && load.now() - promotedAt > 1_000) {
        break
      }
      const recentErrors = [
        ...new Set(
          recent.failed.map((call) =>
            call.error instanceof Error ? call.error.message : String(call.error),
          ),
        ),
      ].join('; ')
      expect(
        load.now() - killedAt,
        `not recovered: the Sentinels named the new primary ${promotedAt - killedAt} ms after the kill; errors of the last second: ${recentErrors || 'none'}`,
      ).toBeLessThan(RECOVERY_BOUND + 2_000)
    }
    await load.stop()

    const after = load.calls.filter((call) => call.at + call.ms >= killedAt)
    const failures = after.filter((call) => call.error !== undefined)
    const lastFailure = Math.max(killedAt, ...failures.map((call) => call.at + call.ms))
    const slowest = Math.max(0, ...after.map((call) => call.ms))
    console.log(formatCalls(`Sentinel failover (${LIBRARY_NAMES[library]}), from the kill`, after))
    console.log(
      `Sentinel failover (${LIBRARY_NAMES[library]}): new primary :${promoted.port} named by the ` +
        `Sentinels ${(promotedAt - killedAt).toFixed(0)} ms after the kill; last failure ` +
        `${(lastFailure - killedAt).toFixed(0)} ms after the kill (bound ${RECOVERY_BOUND} ms); ` +
        `slowest call ${slowest.toFixed(0)} ms; after recovery ` +
        formatLatency(load.latencySince(lastFailure)),
    )
    for (const call of failures) {
      expect(call.error).toBeInstanceOf(SessionStorageUnavailableError)
      expect(call.ms).toBeLessThan(TIMEOUT + SLACK)
    }
    expect(lastFailure - killedAt).toBeLessThan(RECOVERY_BOUND)

    let kept = 0
    for (const [i, cookie] of cookies.entries()) {
      if ((await storage.read(cookie)).get('i') === i) kept++
    }
    const verdict = await load.verify()
    console.log(
      `Sentinel failover (${LIBRARY_NAMES[library]}): ${kept} of ${SAVED_BEFORE} sessions saved ` +
        `and replicated before it read back; sessions under load ${JSON.stringify(verdict)} ` +
        '(olderThanAcknowledged: saves the old primary acknowledged but had not replicated)',
    )
    expect(kept).toBe(SAVED_BEFORE)
    expect(verdict.mixed).toBe(0)
    expect(verdict.gone).toBe(0)
    await storage.close()
  }, 60_000)
})

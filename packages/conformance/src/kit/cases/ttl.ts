import assert from 'node:assert/strict'
import type { Session, SessionStorage } from '@sessionkit/core'
import type { CaseContext } from '../case.js'
import { EARLY_EXPIRY_MS, LATE_EXPIRY_MS, PROBE_MARGIN_MS } from '../support/expiry.js'
import { assertFieldTtlSupported } from '../support/field-ttl.js'
import { FullTtlSamples } from '../support/full-ttl-samples.js'
import { must } from '../support/must.js'
import { assertThereOnTime } from '../support/on-time.js'
import {
  createStored,
  dataOf,
  readGone,
  readStored,
  readStoredOnTime,
  saveStored,
} from '../support/sessions.js'
import { Timeline } from '../support/timeline.js'

// Servers count expiry in whole seconds and may drop a record up to a second early
// (EARLY_EXPIRY_MS), so no session TTL below is under 2 s and every wait that expects a
// record to be there leaves more than a second of slack. Cases that read a session without
// wanting to restart its TTL use a storage with refreshAfter 0.9. Each case uses one storage:
// storages of a backend without a server (memory) do not share their sessions.

/** A session left alone past its TTL is gone: its cookie gives a new session. */
export async function sessionExpires({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 2 })
  const cookie = await createStored(storage, { a: 1 })
  await readStored(storage, cookie, 'reading right after the save')
  await clock.sleep(3_500)
  await readGone(storage, cookie, 'reading 3.5 s after the last access with ttl 2 s')
}

/** Every read restarts the TTL: a session read often outlives its original expiry. */
export async function readsSlideTtl({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 3 })
  const cookie = await createStored(storage, { a: 1 })
  for (let second = 1; second <= 5; second++) {
    await clock.sleep(1_000)
    await readStored(storage, cookie, `reading ${second} s in, 1 s after the last read (ttl 3 s)`)
  }
}

/** A session that expired stays gone: saving a change made before it expired resolves ''. */
export async function expiredSessionIsNotResurrected({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 2 })
  const cookie = await createStored(storage, { a: 1 })
  const stale = await readStored(storage, cookie, 'reading before the expiry')
  await clock.sleep(3_500)
  stale.set('b', 2)
  assert.equal(await storage.save(stale), '', 'saving into an expired session must resolve ""')
  await readGone(storage, cookie, 'reading the expired session after that save')
}

/**
 * Regenerating the id of a session that expired meanwhile saves as '' and stores nothing,
 * under the old id or the new one.
 */
export async function regenerateExpiredStoresNothing({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 2 })
  const [moving, keeping] = await Promise.all([
    createStored(storage, { a: 1 }),
    createStored(storage, { a: 1 }),
  ])
  const sessions = await Promise.all(
    [moving, keeping].map((cookie) => readStored(storage, cookie, 'reading before the expiry')),
  )
  await clock.sleep(3_500)
  for (const [session, deleteOld] of [
    [sessions[0], true],
    [sessions[1], false],
  ] as const) {
    const oldId = session?.id as string
    session?.regenerateId({ deleteOld })
    session?.set('b', 2)
    const newId = session?.id as string
    const what = `regenerateId({ deleteOld: ${deleteOld} }) of an expired session`
    assert.equal(await storage.save(session as Session), '', `saving ${what} must resolve ""`)
    await readGone(storage, newId, `reading the new id after ${what}`)
    await readGone(storage, oldId, `reading the old id after ${what}`)
  }
}

/**
 * `session.expiresAt` is honest: a session is there until shortly before it (servers may be a
 * second early) and gone right after, when nothing reads it meanwhile, also after a read that
 * did not restart the TTL (a driver whose load claims a refresh it did not make is caught).
 * Two sessions share the history: one is probed before its expiresAt, the other after.
 */
export async function expiresAtIsHonest({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 3, refreshAfter: 0.9 })
  const start = clock.now()
  const [probed, left] = await Promise.all([
    storage.read(null).then((session) => {
      session.set('a', 1)
      return session
    }),
    storage.read(null).then((session) => {
      session.set('a', 2)
      return session
    }),
  ])
  const cookies = [
    await saveStored(storage, probed, 'saving a new session (ttl 3 s)'),
    await saveStored(storage, left, 'saving another (ttl 3 s)'),
  ]
  assertExpiresAt(probed, start, clock.now(), 3, 'after the save')
  await clock.sleepUntil(start + 1_500)
  const [claimedProbed, claimedLeft] = await Promise.all(
    cookies.map(async (cookie) => {
      const what = 'reading 1.5 s in (not due for a refresh)'
      const read = await readStoredOnTime(clock, start + 1_500, storage, cookie, what)
      const claimed = read.expiresAt as number
      assert.ok(
        claimed >= start + 3_000 - 50 && claimed <= clock.now() + 3_050,
        `expiresAt after a read must be between the save's and a full TTL from now, got ${claimed - start} ms after the start`,
      )
      return claimed
    }),
  )
  const probeAt = (claimedProbed as number) - EARLY_EXPIRY_MS - PROBE_MARGIN_MS
  await clock.sleepUntil(probeAt)
  await readStoredOnTime(
    clock,
    Math.max(probeAt, clock.now()),
    storage,
    cookies[0] as string,
    `reading ${EARLY_EXPIRY_MS + PROBE_MARGIN_MS} ms before the expiresAt the last read reported`,
  )
  await clock.sleepUntil((claimedLeft as number) + LATE_EXPIRY_MS)
  await readGone(
    storage,
    cookies[1] as string,
    `reading ${LATE_EXPIRY_MS} ms after the expiresAt the last read reported`,
  )
}

/**
 * With an explicit `refreshAfter`, a read restarts the TTL once that share of it has passed:
 * `session.expiresAt` then moves a full TTL ahead, and the session really lives that long (a
 * refresh that slides only part of the time, or none, is caught).
 */
export async function partialRefreshIsHonest({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 3, refreshAfter: 0.5 })
  const start = clock.now()
  const cookie = await createStored(storage, { a: 1 })
  // Reads are timed from when the save ended, so that the refresh surely is, or is not, due.
  const created = clock.now()
  await clock.sleepUntil(created + 700)
  const early = await readStoredOnTime(
    clock,
    created + 700,
    storage,
    cookie,
    'reading 0.7 s in (refresh not due)',
  )
  assertExpiresAt(early, start, clock.now(), 3, 'after a read before the refresh is due')
  await clock.sleepUntil(created + 1_700)
  const readAt = clock.now()
  const due = await readStoredOnTime(
    clock,
    created + 1_700,
    storage,
    cookie,
    'reading 1.7 s in (refresh due)',
  )
  assertExpiresAt(due, readAt, clock.now(), 3, 'after a read that is due for a refresh')
  const probeAt = (due.expiresAt as number) - EARLY_EXPIRY_MS - PROBE_MARGIN_MS
  await clock.sleepUntil(probeAt)
  await readStoredOnTime(
    clock,
    probeAt,
    storage,
    cookie,
    'reading 1.3 s before the expiresAt the refreshing read reported (a partial refresh lets it expire)',
  )
}

/**
 * Time passing between a read and a save: a save restarts the TTL from when it is made, not
 * from when the session was read, and a key TTL given by it counts from then too.
 */
export async function saveRestartsTtlFromItsOwnTime({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 4, refreshAfter: 0.9 })
  const fieldTtl = storage.capabilities.fieldTtl !== 'none'
  const cookie = await createStored(storage, { a: 1 })
  const slow = await readStored(storage, cookie, 'reading at the start of a slow request')
  // Timed from the end of that read: a TTL counted from the read ends by start + 4 s.
  const start = clock.now()
  await clock.sleepUntil(start + 2_000)
  slow.set('b', 2)
  if (fieldTtl) slow.set('timed', 3, { ttl: 3 })
  const savedAt = clock.now()
  await assertThereOnTime(
    clock,
    start + 2_000,
    async () => (await must('saving 2 s after the read', storage.save(slow))) !== '',
    'saving 2 s after the read (ttl 4 s)',
  )
  assertExpiresAt(slow, savedAt, clock.now(), 4, 'after a save 2 s after the read')
  await clock.sleepUntil(start + 4_500)
  const late = await readStoredOnTime(
    clock,
    start + 4_500,
    storage,
    cookie,
    'reading 4.5 s in: 2.5 s after the save (ttl 4 s), 0.5 s after a TTL counted from the read would end',
  )
  const expected = fieldTtl ? { a: 1, b: 2, timed: 3 } : { a: 1, b: 2 }
  assert.deepStrictEqual(dataOf(late), expected, 'a key TTL counts from the save, too')
}

/**
 * A key's own TTL runs while the session keeps being read and its TTL restarted: reads do
 * not extend it, and `ttl(key)` counts down.
 */
export async function fieldTtlRunsWhileRead({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60, refreshAfter: 0 })
  assertFieldTtlSupported(storage.capabilities)
  const created = await storage.read(null)
  created.set('short', 'gone soon', { ttl: 2 })
  created.set('keep', 'stays')
  // The key's TTL starts while the save runs: it must be there `at` ms after the save began
  // (a slow save makes a check late, not wrong), and it is gone 2 s after the save ended.
  const saving = clock.now()
  const cookie = await saveStored(storage, created, 'saving a key with ttl 2 s')
  const savedBy = clock.now()
  for (const at of [700, 1_400]) {
    await clock.sleepUntil(savedBy + at)
    let read: Session | undefined
    await assertThereOnTime(
      clock,
      saving + at,
      async () => {
        read = await readStored(storage, cookie, `reading ${at} ms in`)
        return read.has('short')
      },
      `the key with ttl 2 s, ${at} ms after its save`,
    )
    const left = read?.ttl('short')
    const most = Math.max(1, Math.ceil((savedBy + 2_000 - clock.now()) / 1_000))
    assert.ok(
      left !== undefined && left <= most,
      `ttl("short") ${at} ms in must count down (at most ${most} s), got ${left}`,
    )
  }
  await clock.sleepUntil(savedBy + 2_000 + LATE_EXPIRY_MS)
  const late = await readStored(storage, cookie, 'reading after the key TTL, reads meanwhile')
  assert.equal(late.has('short'), false, 'reads (and TTL restarts) must not extend a key TTL')
  assert.deepStrictEqual(dataOf(late), { keep: 'stays' }, 'the other key stays')
}

/** A key TTL given by a later save (to a new key or to one that had none) expires too. */
export async function laterFieldTtlExpires({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  assertFieldTtlSupported(storage.capabilities)
  const cookie = await createStored(storage, { plain: 'at first', keep: 'stays' })
  const later = await readStored(storage, cookie, 'reading the created session')
  later.set('plain', 'now timed', { ttl: 1 })
  later.set('added', 'timed too', { ttl: 1 })
  // The key TTLs start while the save runs: a slow save makes the check right after it late.
  const saving = clock.now()
  await saveStored(storage, later, 'saving key TTLs into the stored session')
  const savedAt = clock.now()
  let left: number | undefined
  await assertThereOnTime(
    clock,
    saving,
    async () => {
      left = (await readStored(storage, cookie, 'reading right after')).ttl('plain')
      return left !== undefined
    },
    'the key given ttl 1 s, read right after the save',
  )
  assert.ok(left !== undefined && left <= 1, `ttl("plain") after the save, got ${left}`)
  await clock.sleepUntil(savedAt + 1_000 + LATE_EXPIRY_MS)
  const late = await readStored(storage, cookie, 'reading after those key TTLs passed')
  assert.deepStrictEqual(dataOf(late), { keep: 'stays' }, 'keys given a TTL by a later save expire')
}

/**
 * A session lives its full TTL, not a second less (as a TTL rounded down would make it, on
 * any server clock): of 8 sessions whose writes are spread over a second, at least a quarter are
 * still there 0.75 s before their TTL ends after a save (ttl 2 s), a regeneration (ttl 2 s) or a
 * read that restarted the TTL (ttl 3 s, read 1.05 s after its save, when a refresh is due).
 * memcached's whole-second clock drops about a quarter of them by then.
 */
export async function fullTtlIsKept({ open, clock }: CaseContext): Promise<void> {
  const SESSIONS = 8
  const [short, long] = await Promise.all([
    open({ ttl: 2, refreshAfter: 0 }),
    open({ ttl: 3, refreshAfter: 0 }),
  ])
  const timeline = new Timeline(clock)
  const samples = new FullTtlSamples(clock, SESSIONS)
  const start = clock.now()
  for (let i = 0; i < SESSIONS; i++) {
    timeline.at(start + i * 125, async () => {
      const probe = (kind: string, storage: SessionStorage, cookie: string, since: number) => {
        // Planned from when the write began (the latest the store can have started the TTL);
        // a write slower than the tolerance makes a record found gone inconclusive.
        const at = since + storage.ttl * 1_000 - 750
        const slack = clock.now() - since
        timeline.at(at, () =>
          samples.take(kind, at, async () => !(await storage.read(cookie)).isNew, slack),
        )
      }
      const writing = clock.now()
      const [created, moving, refreshed] = await Promise.all([
        createStored(short, { i }),
        createStored(short, { i }),
        createStored(long, { i }),
      ])
      probe('created', short, created, writing)
      const regenerated = await readStored(short, moving, 'reading to regenerate')
      regenerated.regenerateId()
      const moved = clock.now()
      const cookie = await saveStored(short, regenerated, 'saving the regenerated session')
      probe('regenerated', short, cookie, moved)
      const refreshAt = clock.now() + 1_050
      timeline.at(refreshAt, async () => {
        const reading = clock.now()
        await readStoredOnTime(
          clock,
          refreshAt,
          long,
          refreshed,
          'reading 1.05 s in, to restart the TTL',
        )
        probe('refreshed', long, refreshed, reading)
      })
    })
  }
  await timeline.run()
  samples.conclude('sessions')
}

/**
 * A session's own lifetime (`setLifetime`) is what the store keeps it for, at the save and
 * at each refresh, not the storage's TTL; `session.expiresAt` follows it.
 */
export async function sessionLifetimeIsKept({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600, refreshAfter: 0 })
  const start = clock.now()
  const created = await storage.read(null)
  created.set('a', 1)
  created.setLifetime(3)
  const cookie = await saveStored(storage, created, 'saving a session with lifetime 3 s')
  const saved = clock.now()
  assertExpiresAt(created, start, saved, 3, 'after saving with setLifetime(3)')
  // Timed from the end of the save, so that the refresh surely is due.
  await clock.sleepUntil(saved + 1_100)
  const readAt = clock.now()
  const read = await readStoredOnTime(
    clock,
    saved + 1_100,
    storage,
    cookie,
    'reading 1.1 s in (refresh due)',
  )
  assert.equal(read.lifetime, 3, 'the lifetime is stored with the session')
  assertExpiresAt(read, readAt, clock.now(), 3, 'after a refresh of a 3 s lifetime')
  await clock.sleepUntil((read.expiresAt as number) + LATE_EXPIRY_MS)
  await readGone(storage, cookie, 'reading after the 3 s lifetime passed (storage ttl 600 s)')
}

/**
 * A key with its own TTL expires while the other keys and the session stay; writing another
 * key meanwhile does not extend it.
 */
export async function fieldExpires({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  assertFieldTtlSupported(storage.capabilities)
  const created = await storage.read(null)
  created.set('short', 'gone soon', { ttl: 2 })
  created.set('keep', 'stays')
  const cookie = await saveStored(storage, created, 'saving a key with ttl 2 s')
  const early = await readStored(storage, cookie, 'reading right after the save')
  assert.equal(early.get('short'), 'gone soon', 'a key is there before its TTL passes')
  await clock.sleep(1_500)
  early.set('other', 'written later')
  await saveStored(storage, early, 'saving another key 1.5 s in')
  await clock.sleep(1_700)
  const late = await readStored(storage, cookie, 'reading 3.2 s in')
  assert.equal(
    late.has('short'),
    false,
    'a key must be gone once its own TTL passed, even if another key was written meanwhile',
  )
  assert.equal(late.ttl('short'), undefined, 'ttl() of an expired key')
  assert.deepStrictEqual(dataOf(late), { keep: 'stays', other: 'written later' }, 'others stay')
}

/** A session whose only key expired lives on, empty, under the same id. */
export async function sessionOutlivesItsFields({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  assertFieldTtlSupported(storage.capabilities)
  const created = await storage.read(null)
  created.set('only', 'gone soon', { ttl: 1 })
  const cookie = await saveStored(storage, created, 'saving a session with one expiring key')
  await clock.sleep(2_500)
  const late = await readStored(storage, cookie, 'reading after its only key expired')
  assert.deepStrictEqual(late.keys(), [], 'the expired key is gone')
  late.set('again', 1)
  await saveStored(storage, late, 'saving into the emptied session')
}

/** `session.ttl(key)` reports the seconds a key has left, and undefined without a key TTL. */
export async function fieldTtlIsReported({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600 })
  assertFieldTtlSupported(storage.capabilities)
  const created = await storage.read(null)
  created.set('timed', 1, { ttl: 30 })
  created.set('plain', 2)
  assert.equal(created.ttl('timed'), 30, 'ttl() of a key set with ttl 30, before the save')
  const cookie = await saveStored(storage, created, 'saving keys with and without a TTL')
  const read = await readStored(storage, cookie, 'reading them back')
  const left = read.ttl('timed')
  assert.ok(left !== undefined && left >= 25 && left <= 30, `ttl("timed") ~30 s, got ${left}`)
  assert.equal(read.ttl('plain'), undefined, 'ttl() of a key without a TTL')
  assert.equal(read.ttl('missing'), undefined, 'ttl() of a missing key')
}

/** Setting a key again without `ttl` removes its expiry: it then stays. */
export async function fieldTtlIsCleared({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  assertFieldTtlSupported(storage.capabilities)
  const created = await storage.read(null)
  created.set('temp', 1, { ttl: 1 })
  const cookie = await saveStored(storage, created, 'saving a key with a TTL')
  const next = await readStored(storage, cookie, 'reading it back')
  next.set('temp', 2)
  await saveStored(storage, next, 'setting it again without a TTL')
  const cleared = await readStored(storage, cookie, 'reading it back again')
  assert.equal(cleared.ttl('temp'), undefined, 'the key must no longer report a TTL')
  await clock.sleep(2_500)
  const late = await readStored(storage, cookie, 'reading after the old TTL passed')
  assert.equal(late.get('temp'), 2, 'a key set again without a TTL must not expire')
}

/** `session.expiresAt` is a full TTL after a write or refresh made between `from` and `to`. */
function assertExpiresAt(
  session: Session,
  from: number,
  to: number,
  ttlSeconds: number,
  what: string,
): void {
  const expiresAt = session.expiresAt
  const lowest = from + ttlSeconds * 1_000 - 50
  const highest = to + ttlSeconds * 1_000 + 50
  assert.ok(
    expiresAt !== undefined && expiresAt >= lowest && expiresAt <= highest,
    `session.expiresAt ${what} must be ${ttlSeconds} s after the write, got ${expiresAt === undefined ? 'undefined' : `${expiresAt - from} ms after it started`}`,
  )
}

import assert from 'node:assert/strict'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { createStored, dataOf, readGone, readStored, saveStored } from '../support/sessions.js'
import { sleep } from '../support/time.js'

// Servers count expiry in whole seconds and may be up to a second late or early (memcached
// may drop an item with a TTL of n s after only n-1 s), so no session TTL below is under 2 s
// and every wait leaves more than a second of slack either way.

/** A session left alone past its TTL is gone: its cookie gives a new session. */
export async function sessionExpires({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 2 })
  const cookie = await createStored(storage, { a: 1 })
  await readStored(storage, cookie, 'reading right after the save')
  await sleep(3_500)
  await readGone(storage, cookie, 'reading 3.5 s after the last access with ttl 2 s')
}

/** Every read restarts the TTL: a session read often outlives its original expiry. */
export async function readsSlideTtl({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 3 })
  const cookie = await createStored(storage, { a: 1 })
  for (let second = 1; second <= 5; second++) {
    await sleep(1_000)
    await readStored(storage, cookie, `reading ${second} s in, 1 s after the last read (ttl 3 s)`)
  }
}

/** A session that expired stays gone: saving a change made before it expired resolves ''. */
export async function expiredSessionIsNotResurrected({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 2 })
  const cookie = await createStored(storage, { a: 1 })
  const stale = await readStored(storage, cookie, 'reading before the expiry')
  await sleep(3_500)
  stale.set('b', 2)
  assert.equal(await storage.save(stale), '', 'saving into an expired session must resolve ""')
  await readGone(storage, cookie, 'reading the expired session after that save')
}

/**
 * A key with its own TTL expires while the other keys and the session stay; writing another
 * key meanwhile does not extend it.
 */
export async function fieldExpires({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  const created = await storage.read(null)
  created.set('short', 'gone soon', { ttl: 2 })
  created.set('keep', 'stays')
  const cookie = await saveStored(storage, created, 'saving a key with ttl 2 s')
  const early = await readStored(storage, cookie, 'reading right after the save')
  assert.equal(early.get('short'), 'gone soon', 'a key is there before its TTL passes')
  await sleep(1_500)
  early.set('other', 'written later')
  await saveStored(storage, early, 'saving another key 1.5 s in')
  await sleep(1_700)
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
export async function sessionOutlivesItsFields({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  const created = await storage.read(null)
  created.set('only', 'gone soon', { ttl: 1 })
  const cookie = await saveStored(storage, created, 'saving a session with one expiring key')
  await sleep(2_500)
  const late = await readStored(storage, cookie, 'reading after its only key expired')
  assert.deepStrictEqual(late.keys(), [], 'the expired key is gone')
  late.set('again', 1)
  await saveStored(storage, late, 'saving into the emptied session')
}

/** `session.ttl(key)` reports the seconds a key has left, and undefined without a key TTL. */
export async function fieldTtlIsReported({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600 })
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
export async function fieldTtlIsCleared({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 60 })
  const created = await storage.read(null)
  created.set('temp', 1, { ttl: 1 })
  const cookie = await saveStored(storage, created, 'saving a key with a TTL')
  const next = await readStored(storage, cookie, 'reading it back')
  next.set('temp', 2)
  await saveStored(storage, next, 'setting it again without a TTL')
  const cleared = await readStored(storage, cookie, 'reading it back again')
  assert.equal(cleared.ttl('temp'), undefined, 'the key must no longer report a TTL')
  await sleep(2_500)
  const late = await readStored(storage, cookie, 'reading after the old TTL passed')
  assert.equal(late.get('temp'), 2, 'a key set again without a TTL must not expire')
}

const define = topicCases('ttl')
const timed = { kind: 'timed' } as const

/** The ttl cases. */
export const ttlCases: readonly ConformanceCase[] = [
  define('session-expiry', 'a session expires after its TTL', sessionExpires, timed),
  define('sliding', 'reads slide the session TTL', readsSlideTtl, timed),
  define(
    'expired-stays-gone',
    'a save into an expired session does not resurrect it',
    expiredSessionIsNotResurrected,
    timed,
  ),
  define('field-expiry', 'a key with a TTL expires; other keys stay', fieldExpires, timed),
  define('field-only', 'a session outlives its expired keys', sessionOutlivesItsFields, timed),
  define('field-ttl-reported', 'session.ttl(key) reports the seconds left', fieldTtlIsReported),
  define(
    'field-ttl-cleared',
    'setting a key again without ttl makes it permanent',
    fieldTtlIsCleared,
    timed,
  ),
]

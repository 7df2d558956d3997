import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { createStored, dataOf, readGone, readStored, saveStored } from '../support/sessions.js'

/** `unset` removes a key for good; `has` tells set keys from unset ones. */
export async function unsetRemovesKeys({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { a: 1, b: 2, falsy: false, nothing: null })
  const session = await readStored(storage, cookie, 'reading the saved session')
  assert.equal(session.has('falsy'), true, 'has() must be true for a key holding false')
  assert.equal(session.has('nothing'), true, 'has() must be true for a key holding null')
  assert.equal(session.has('missing'), false, 'has() must be false for a key never set')
  session.unset('a')
  session.unset('missing')
  assert.equal(session.has('a'), false, 'has() must be false right after unset()')
  await saveStored(storage, session, 'saving the unset')
  const after = await readStored(storage, cookie, 'reading after the unset')
  assert.equal(after.has('a'), false, 'an unset key must stay gone')
  assert.equal(after.get('a'), undefined, 'get() of an unset key')
  assert.deepStrictEqual(dataOf(after), { b: 2, falsy: false, nothing: null }, 'other keys stay')
}

/** A flash is visible to the next read only; the read after that no longer sees it. */
export async function flashIsReadOnce({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const first = await storage.read(null)
  first.set('user', 'ada')
  first.flash('notice', { text: 'Saved ✓' })
  const cookie = await saveStored(storage, first, 'saving a session with a flash')
  const next = await readStored(storage, cookie, 'the read after the flash')
  assert.deepStrictEqual(next.get('notice'), { text: 'Saved ✓' }, 'the next read sees the flash')
  assert.equal(next.has('notice'), true, 'has() is true for a pending flash')
  assert.notEqual(await storage.save(next), '', 'saving the read that saw the flash')
  const later = await readStored(storage, cookie, 'the second read after the flash')
  assert.equal(later.get('notice'), undefined, 'a flash must be gone after one read')
  assert.equal(later.has('notice'), false, 'has() is false for a consumed flash')
  assert.equal(later.get('user'), 'ada', 'consuming a flash keeps the other keys')
}

/**
 * Several flashes at once: flashes saved together, and a flash saved while another is still
 * pending (by a request that loaded the session before it), are all seen by the next read,
 * and none by the one after; a flash saved by that next read is seen by the read after it.
 */
export async function severalFlashesAreReadOnce({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const created = await storage.read(null)
  created.set('user', 'ada')
  created.flash('notice', 'saved')
  created.flash('count', 2)
  const cookie = await saveStored(storage, created, 'saving two flashes')
  const first = await readStored(storage, cookie, 'the read after the flashes')
  assert.deepStrictEqual(
    { notice: first.get('notice'), count: first.get('count') },
    { notice: 'saved', count: 2 },
    'the next read sees every flash saved together',
  )
  const loadedEarlier = await readStored(storage, cookie, 'the second read')
  assert.deepStrictEqual(loadedEarlier.keys(), ['user'], 'no flash is seen twice')
  // A flash is pending again; the request that loaded the session before it adds another.
  const second = await readStored(storage, cookie, 'reading to add a flash')
  second.flash('pending', 'first')
  await saveStored(storage, second, 'saving a flash')
  loadedEarlier.flash('added', 'second')
  await saveStored(storage, loadedEarlier, 'adding a flash while another is pending')
  const third = await readStored(storage, cookie, 'the read after both flashes')
  assert.deepStrictEqual(
    { pending: third.get('pending'), added: third.get('added') },
    { pending: 'first', added: 'second' },
    'a flash saved while another was pending must not replace it: the next read sees both',
  )
  third.flash('next', 'from the reader')
  await saveStored(storage, third, 'saving a flash from the read that consumed the others')
  const fourth = await readStored(storage, cookie, 'the read after that')
  assert.deepStrictEqual(
    dataOf(fourth),
    { user: 'ada', next: 'from the reader' },
    'the read after sees only the flash saved by the previous one',
  )
  const last = await readStored(storage, cookie, 'the last read')
  assert.deepStrictEqual(dataOf(last), { user: 'ada' }, 'every flash was read once')
}

/**
 * Regenerating the id of a session that another request destroyed meanwhile saves as '' and
 * stores nothing: not under the new id, and the old one stays gone.
 */
export async function regenerateDestroyedStoresNothing({ open }: CaseContext): Promise<void> {
  const storage = await open()
  for (const deleteOld of [true, false]) {
    const cookie = await createStored(storage, { user: 'ada' })
    const [mover, destroyer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
    destroyer.destroy()
    assert.equal(await storage.save(destroyer), '', 'saving the destroy')
    mover.regenerateId({ deleteOld })
    mover.set('role', 'admin')
    const newId = mover.id
    const what = `regenerateId({ deleteOld: ${deleteOld} }) of a session destroyed meanwhile`
    assert.equal(await storage.save(mover), '', `saving ${what} must resolve ""`)
    await readGone(storage, newId, `reading the new id after ${what}`)
    await readGone(storage, cookie, `reading the old id after ${what}`)
  }
}

/** `destroy` makes save resolve '' (clear the cookie) and removes the data for good. */
export async function destroyRemovesSession({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { secret: 'data' })
  const session = await readStored(storage, cookie, 'reading the saved session')
  session.destroy()
  assert.equal(await storage.save(session), '', 'saving a destroyed session must resolve ""')
  await readGone(storage, cookie, 'reading a destroyed session')
  const fresh = await storage.read(null)
  fresh.destroy()
  assert.equal(await storage.save(fresh), '', 'saving a destroyed new session must resolve ""')
}

/** `regenerateId` moves data, field TTLs and new flashes to a new id; the old id is gone. */
export async function regenerateIdMovesData({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const fieldTtl = storage.capabilities.fieldTtl !== 'none'
  const created = await storage.read(null)
  created.set('user', 'ada')
  if (fieldTtl) created.set('expiring', 'soon', { ttl: 600 })
  else created.set('expiring', 'soon')
  const oldCookie = await saveStored(storage, created, 'saving the session')
  const session = await readStored(storage, oldCookie, 'reading the saved session')
  session.regenerateId()
  assert.notEqual(session.id, oldCookie, 'regenerateId() must change the id')
  session.set('role', 'admin')
  session.flash('notice', 'welcome')
  const newCookie = await saveStored(storage, session, 'saving the regenerated session')
  const moved = await readStored(storage, newCookie, 'reading the new id')
  assert.deepStrictEqual(
    dataOf(moved),
    { user: 'ada', expiring: 'soon', role: 'admin', notice: 'welcome' },
    'the new id holds the old data, the new changes and the new flash',
  )
  const ttl = moved.ttl('expiring')
  if (fieldTtl) {
    assert.ok(ttl !== undefined && ttl > 0 && ttl <= 600, `a key TTL moves along, got ${ttl}`)
  }
  await readGone(storage, oldCookie, 'reading the old id after regenerateId()')
}

/** `regenerateId({ deleteOld: false })` leaves the old id working, independent of the new. */
export async function regenerateIdCanKeepOld({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const oldCookie = await createStored(storage, { user: 'ada' })
  const session = await readStored(storage, oldCookie, 'reading the saved session')
  session.regenerateId({ deleteOld: false })
  session.set('step', 2)
  const newCookie = await saveStored(storage, session, 'saving the regenerated session')
  assert.notEqual(newCookie, oldCookie, 'regenerateId() must change the id')
  const kept = await readStored(storage, oldCookie, 'reading the kept old id')
  assert.deepStrictEqual(dataOf(kept), { user: 'ada' }, 'the old id keeps the old data')
  const moved = await readStored(storage, newCookie, 'reading the new id')
  assert.deepStrictEqual(dataOf(moved), { user: 'ada', step: 2 }, 'the new id has both')
}

/** A new session nobody wrote to is not stored: save resolves null (no cookie). */
export async function untouchedNewSessionIsNotSaved({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const session = await storage.read(null)
  assert.equal(session.isNew, true, 'read(null) must give a new session')
  session.get('anything')
  session.has('anything')
  session.keys()
  assert.equal(await storage.save(session), null, 'saving an untouched new session')
  await readGone(storage, session.id, 'reading the id of an unsaved session')
}

/**
 * An unchanged loaded session is not written: save resolves null, and (black-box proof) it
 * neither undoes a concurrent request's later patch nor brings back a concurrently destroyed
 * session.
 */
export async function unchangedSessionIsNotWritten({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { a: 1, b: 1, c: 1 })
  const [idle, busy] = await Promise.all([storage.read(cookie), storage.read(cookie)])
  busy.set('a', 2)
  busy.unset('b')
  await saveStored(storage, busy, 'saving the concurrent change')
  idle.get('a')
  idle.has('b')
  idle.keys()
  idle.ttl('c')
  assert.equal(await storage.save(idle), null, 'saving an unchanged loaded session')
  const after = await readStored(storage, cookie, 'reading after both saves')
  assert.deepStrictEqual(
    dataOf(after),
    { a: 2, c: 1 },
    'saving an unchanged session must not write its stale copy over a later change',
  )
  const [idleAgain, destroyer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
  destroyer.destroy()
  assert.equal(await storage.save(destroyer), '', 'saving the concurrent destroy')
  assert.equal(await storage.save(idleAgain), null, 'saving an unchanged, since destroyed session')
  await readGone(storage, cookie, 'reading after the destroy')
}

/** Saving twice writes once: the second save of the same, unchanged object resolves null. */
export async function saveIsIdempotent({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const session = await storage.read(null)
  session.set('a', 1)
  const cookie = await saveStored(storage, session, 'the first save')
  assert.equal(await storage.save(session), null, 'saving again with no change')
  session.set('b', 2)
  assert.equal(await saveStored(storage, session, 'saving a later change'), cookie, 'same cookie')
  const after = await readStored(storage, cookie, 'reading after the saves')
  assert.deepStrictEqual(dataOf(after), { a: 1, b: 2 }, 'both changes are stored')
}

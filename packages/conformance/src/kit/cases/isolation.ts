import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { createStored, dataOf, readGone, readStored, saveStored } from '../support/sessions.js'

/** Two storages with different prefixes on one server never see each other's sessions. */
export async function prefixesIsolate({ open }: CaseContext): Promise<void> {
  const [left, right] = await Promise.all([open(), open()])
  const leftCookie = await createStored(left, { side: 'left' })
  const rightCookie = await createStored(right, { side: 'right' })
  await readGone(right, leftCookie, "reading the left storage's session from the right one")
  await readGone(left, rightCookie, "reading the right storage's session from the left one")
  const fromLeft = await readStored(left, leftCookie, 'reading the left session from the left')
  fromLeft.destroy()
  await left.save(fromLeft)
  const stillRight = await readStored(right, rightCookie, 'the right session after that')
  assert.deepStrictEqual(dataOf(stillRight), { side: 'right' }, 'the right session is unchanged')
}

/** Many sessions of one storage each keep their own data. */
export async function sessionsAreIndependent({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const count = 100
  const cookies = await Promise.all(
    Array.from({ length: count }, (_, i) => createStored(storage, { i, label: `session ${i}` })),
  )
  const sessions = await Promise.all(
    cookies.map((cookie) => readStored(storage, cookie, 'reading one of many sessions')),
  )
  sessions.forEach((session, i) => {
    assert.deepStrictEqual(dataOf(session), { i, label: `session ${i}` }, `session ${i}`)
  })
}

/**
 * A session already loaded by one request never changes when other requests save, destroy
 * or regenerate it: its values, keys, key TTLs and expiry stay as they were loaded.
 */
export async function loadedSessionIsIsolated({ open }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600 })
  const fieldTtl = storage.capabilities.fieldTtl !== 'none'
  const created = await storage.read(null)
  created.set('a', 1)
  created.set('list', [1, 2])
  created.set('nested', { deep: { x: 1 } })
  if (fieldTtl) created.set('timed', 't', { ttl: 300 })
  const cookie = await saveStored(storage, created, 'saving the session')
  const loaded = await readStored(storage, cookie, 'the request whose view must not change')
  // ttl() counts down by itself: it is compared in minutes (300 s is 5, 30 s would be 1).
  const view = () => ({
    data: dataOf(loaded),
    keys: loaded.keys(),
    has: ['a', 'list', 'nested', 'timed', 'added'].map((key) => loaded.has(key)),
    ttlMinutes: Math.round((loaded.ttl('timed') ?? 0) / 60),
    expiresAt: loaded.expiresAt,
  })
  const before = view()
  const other = await readStored(storage, cookie, 'another request')
  other.set('a', 2)
  other.set('list', [3])
  other.unset('nested')
  other.set('added', true)
  if (fieldTtl) other.set('timed', 'changed', { ttl: 30 })
  await saveStored(storage, other, 'saving the other request')
  assert.deepStrictEqual(view(), before, 'a loaded session must not change when another saves')
  const mover = await readStored(storage, cookie, 'a request that regenerates the id')
  mover.regenerateId({ deleteOld: false })
  mover.set('a', 3)
  await saveStored(storage, mover, 'saving the regeneration')
  const destroyer = await readStored(storage, cookie, 'a request that destroys it')
  destroyer.destroy()
  await storage.save(destroyer)
  assert.deepStrictEqual(
    view(),
    before,
    'a loaded session must not change when others move or destroy it',
  )
}

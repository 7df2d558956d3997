import assert from 'node:assert/strict'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { createStored, dataOf, readGone, readStored } from '../support/sessions.js'

/** Concurrent requests in the tests below. */
const WRITERS = 50

/** 50 requests that load one session together and save distinct keys all persist. */
export async function concurrentSavesAllPersist({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { base: true })
  const sessions = await Promise.all(Array.from({ length: WRITERS }, () => storage.read(cookie)))
  sessions.forEach((session, i) => {
    session.set(`field${i}`, i)
  })
  const cookies = await Promise.all(sessions.map((session) => storage.save(session)))
  assert.ok(
    cookies.every((value) => value === cookie),
    `every concurrent save must resolve the cookie, got ${JSON.stringify([...new Set(cookies)])}`,
  )
  const expected: Record<string, unknown> = { base: true }
  for (let i = 0; i < WRITERS; i++) expected[`field${i}`] = i
  const after = await readStored(storage, cookie, 'reading after the concurrent saves')
  const missing = Object.keys(expected).filter((key) => !after.has(key))
  assert.deepEqual(missing, [], `lost updates: ${missing.length} of ${WRITERS + 1} keys missing`)
  assert.deepStrictEqual(dataOf(after), expected, 'every concurrent change must be stored')
}

/** A save of a request that loaded the session before another destroyed it resolves ''. */
export async function saveAfterDestroyDoesNotResurrect({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { a: 1 })
  const [destroyer, writer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
  destroyer.destroy()
  assert.equal(await storage.save(destroyer), '', 'saving the destroy')
  writer.set('b', 2)
  assert.equal(
    await storage.save(writer),
    '',
    'saving a change to a session destroyed meanwhile must resolve "" (clear the cookie)',
  )
  await readGone(storage, cookie, 'reading after the destroy and the later save')
}

/** Saves racing a destroy of the same session never leave it stored. */
export async function saveRacingDestroyDoesNotResurrect({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookies = await Promise.all(
    Array.from({ length: 10 }, () => createStored(storage, { a: 1 })),
  )
  await Promise.all(
    cookies.map(async (cookie) => {
      const [destroyer, writer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
      destroyer.destroy()
      writer.set('b', 2)
      const [destroyed] = await Promise.all([storage.save(destroyer), storage.save(writer)])
      assert.equal(destroyed, '', 'saving the destroy')
    }),
  )
  for (const cookie of cookies) await readGone(storage, cookie, 'reading after the race')
}

/** A save to the old id after a concurrent `regenerateId` resolves '' and stores nothing. */
export async function saveAfterRegenerateDoesNotResurrect({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const oldCookie = await createStored(storage, { a: 1 })
  const [mover, writer] = await Promise.all([storage.read(oldCookie), storage.read(oldCookie)])
  mover.regenerateId()
  const newCookie = await storage.save(mover)
  assert.ok(typeof newCookie === 'string' && newCookie !== '', 'saving the regenerated session')
  writer.set('b', 2)
  assert.equal(await storage.save(writer), '', 'saving to the old id after it moved')
  await readGone(storage, oldCookie, 'reading the old id')
  const moved = await readStored(storage, newCookie, 'reading the new id')
  assert.deepStrictEqual(dataOf(moved), { a: 1 }, 'the new id holds the moved data')
}

/** Of concurrent reads of a session with a flash, exactly one sees the flash. */
export async function flashGoesToOneConcurrentReader({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const created = await storage.read(null)
  created.flash('notice', 'once')
  const cookie = await storage.save(created)
  assert.ok(typeof cookie === 'string' && cookie !== '', 'saving a session with a flash')
  const readers = await Promise.all(Array.from({ length: 10 }, () => storage.read(cookie)))
  const seen = readers.filter((session) => session.get('notice') === 'once').length
  assert.equal(seen, 1, `exactly one of 10 concurrent reads must see the flash, ${seen} did`)
}

const define = topicCases('concurrency')

/** The concurrency cases. */
export const concurrencyCases: readonly ConformanceCase[] = [
  define(
    'distinct-fields',
    '50 concurrent saves of distinct keys all persist',
    concurrentSavesAllPersist,
  ),
  define(
    'save-after-destroy',
    'a save after a concurrent destroy does not resurrect',
    saveAfterDestroyDoesNotResurrect,
  ),
  define(
    'save-racing-destroy',
    'saves racing a destroy do not resurrect',
    saveRacingDestroyDoesNotResurrect,
  ),
  define(
    'save-after-regenerate',
    'a save to an id moved by regenerateId() does not resurrect it',
    saveAfterRegenerateDoesNotResurrect,
  ),
  define(
    'flash-one-reader',
    'a flash goes to exactly one of concurrent reads',
    flashGoesToOneConcurrentReader,
  ),
]

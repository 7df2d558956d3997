import assert from 'node:assert/strict'
import type { Session } from '@sessionkit/core'
import type { CaseContext } from '../case.js'
import { type RaceOutcome, race, raceVariants, variantLabel } from '../support/races.js'
import { createStored, dataOf, readGone, readStored, saveStored } from '../support/sessions.js'

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

/**
 * A save racing a destroy of the same session, whichever starts first and however far apart,
 * never leaves it stored: the save resolves its cookie (it came first) or '' (it came late).
 */
export async function saveRacingDestroyDoesNotResurrect({ open }: CaseContext): Promise<void> {
  const storage = await open()
  await Promise.all(
    raceVariants(2).map(async (variant) => {
      const cookie = await createStored(storage, { a: 1 })
      const [writer, destroyer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
      writer.set('b', 2)
      destroyer.destroy()
      const label = variantLabel(variant)
      const [saved, destroyed] = await race(
        variant.gap,
        variant.order,
        () => storage.save(writer),
        () => storage.save(destroyer),
      )
      assert.equal(resolved(destroyed, `the destroy (${label})`), '', `the destroy (${label})`)
      const cookieOrCleared = resolved(saved, `the save (${label})`)
      assert.ok(
        cookieOrCleared === cookie || cookieOrCleared === '',
        `the save racing a destroy (${label}) must resolve its cookie or "", got ${JSON.stringify(cookieOrCleared)}`,
      )
      await readGone(storage, cookie, `reading after a save and a destroy raced (${label})`)
    }),
  )
}

/**
 * A save that removes a key racing a save that sets another, either first: both apply. And
 * when both write the same key, it ends as one of the two writes, never as it was before.
 */
export async function unsetRacingSetBothApply({ open }: CaseContext): Promise<void> {
  const storage = await open()
  await Promise.all(
    raceVariants(2).map(async (variant) => {
      const cookie = await createStored(storage, { gone: 1, same: 'before', keep: true })
      const [remover, writer] = await Promise.all([storage.read(cookie), storage.read(cookie)])
      remover.unset('gone')
      remover.unset('same')
      writer.set('added', 2)
      writer.set('same', 'after')
      const label = variantLabel(variant)
      const outcomes = await race(
        variant.gap,
        variant.order,
        () => storage.save(remover),
        () => storage.save(writer),
      )
      for (const outcome of outcomes) assert.equal(resolved(outcome, label), cookie, label)
      const after = dataOf(await readStored(storage, cookie, `reading after the race (${label})`))
      const { same, ...others } = after
      assert.deepStrictEqual(
        others,
        { keep: true, added: 2 },
        `an unset and a set of other keys, racing (${label}), must both apply`,
      )
      assert.ok(
        same === undefined || same === 'after',
        `a key unset by one save and set by another (${label}) must end unset or set, got ${JSON.stringify(same)}`,
      )
    }),
  )
}

/**
 * A plain read racing a destroy, whichever starts first, does not bring the session back,
 * also when the read restarts the session's TTL (it is due: the racing reads come more than
 * a second after the last write, with refreshAfter 0) and consumes a flash.
 */
export async function readRacingDestroyDoesNotResurrect({
  open,
  clock,
}: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600, refreshAfter: 0 })
  const variants = raceVariants(2)
  const cookies = await Promise.all(variants.map((_, i) => createWithFlash(storage, i % 2 === 0)))
  const destroyers = await Promise.all(
    cookies.map((cookie) => readStored(storage, cookie, 'reading the session to destroy')),
  )
  await clock.sleep(REFRESH_DUE_MS)
  await Promise.all(
    variants.map(async (variant, i) => {
      const cookie = cookies[i] as string
      const destroyer = destroyers[i] as Session
      destroyer.destroy()
      const label = variantLabel(variant)
      const [read, destroyed] = await race(
        variant.gap,
        variant.order,
        () => storage.read(cookie),
        () => storage.save(destroyer),
      )
      assert.equal(resolved(destroyed, `the destroy (${label})`), '', `the destroy (${label})`)
      resolved(read, `the read (${label})`)
      await readGone(storage, cookie, `reading after a read and a destroy raced (${label})`)
    }),
  )
}

/**
 * A plain read racing a save of the same session, whichever starts first, does not undo the
 * save, also when the read restarts the session's TTL and consumes a flash.
 */
export async function readRacingSaveKeepsTheSave({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 600, refreshAfter: 0 })
  const variants = raceVariants(2)
  const cookies = await Promise.all(variants.map(() => createStored(storage, { a: 1 })))
  const writers = await Promise.all(
    cookies.map((cookie) => readStored(storage, cookie, 'reading the session to change')),
  )
  // A third request adds a flash to half of them, for the racing read to consume.
  await Promise.all(
    cookies.map(async (cookie, i) => {
      if (i % 2) return
      const flasher = await readStored(storage, cookie, 'reading to add a flash')
      flasher.flash('notice', i)
      await saveStored(storage, flasher, 'saving a flash')
    }),
  )
  await clock.sleep(REFRESH_DUE_MS)
  await Promise.all(
    variants.map(async (variant, i) => {
      const cookie = cookies[i] as string
      const writer = writers[i] as Session
      writer.set('b', 2)
      const label = `${variantLabel(variant)}${i % 2 ? '' : ', a flash pending'}`
      const [read, saved] = await race(
        variant.gap,
        variant.order,
        () => storage.read(cookie),
        () => storage.save(writer),
      )
      assert.equal(resolved(saved, `the save (${label})`), cookie, `the save (${label})`)
      assert.equal(resolved(read, `the read (${label})`).isNew, false, `the read (${label})`)
      const after = await readStored(storage, cookie, `reading after the race (${label})`)
      assert.deepStrictEqual(
        { a: after.get('a'), b: after.get('b') },
        { a: 1, b: 2 },
        `a read racing a save (${label}) must not undo it`,
      )
    }),
  )
}

/**
 * Milliseconds after a write at which a read of a storage with refreshAfter 0 restarts the
 * TTL (at most once a second): reads before that only load the session.
 */
const REFRESH_DUE_MS = 1_100

async function createWithFlash(
  storage: Parameters<typeof createStored>[0],
  flash: boolean,
): Promise<string> {
  const created = await storage.read(null)
  created.set('a', 1)
  if (flash) created.flash('notice', 'pending')
  return saveStored(storage, created, 'saving a new session')
}

/** The value of a racing operation that must have succeeded; fails with its error otherwise. */
function resolved<T>(outcome: RaceOutcome<T>, what: string): T {
  if (!outcome.ok) assert.fail(`${what} must not fail, it threw ${String(outcome.error)}`)
  return outcome.value
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

/** Of concurrent reads of a session with several flashes, one sees them all, the others none. */
export async function flashesGoTogetherToOneReader({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const created = await storage.read(null)
  created.set('user', 'ada')
  created.flash('notice', 'saved')
  created.flash('warning', { count: 2 })
  created.flash('step', 3)
  const cookie = await saveStored(storage, created, 'saving a session with three flashes')
  const readers = await Promise.all(Array.from({ length: 10 }, () => storage.read(cookie)))
  const seen = readers.map((reader) =>
    ['notice', 'warning', 'step'].filter((key) => reader.has(key)),
  )
  const whole = seen.filter((keys) => keys.length === 3).length
  const partial = seen.filter((keys) => keys.length > 0 && keys.length < 3)
  assert.deepEqual(partial, [], 'no read may see only some of the flashes saved together')
  assert.equal(whole, 1, `exactly one of 10 concurrent reads must see the flashes, ${whole} did`)
}

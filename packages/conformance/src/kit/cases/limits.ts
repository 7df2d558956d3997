import assert from 'node:assert/strict'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { assertRejectsSessionError, assertThrowsSessionError } from '../support/session-errors.js'
import { createStored, dataOf, readGone, readStored } from '../support/sessions.js'

/** The `maxSize` the case below opens its storage with, in bytes. */
const MAX_SIZE = 4_096

/** A save over `maxSize` rejects with SessionTooLargeError and leaves the stored data as it was. */
export async function oversizedSaveIsRejected({ open }: CaseContext): Promise<void> {
  const storage = await open({ maxSize: MAX_SIZE })
  const cookie = await createStored(storage, { small: 'x'.repeat(1_000) })
  const session = await readStored(storage, cookie, 'reading the session under the limit')
  session.set('big', 'y'.repeat(MAX_SIZE))
  const error = await assertRejectsSessionError(
    storage.save(session),
    'SESSION_TOO_LARGE',
    `saving a session over maxSize ${MAX_SIZE}`,
  )
  assert.equal(error.limit, MAX_SIZE, 'the error tells the limit')
  const after = await readStored(storage, cookie, 'reading after the rejected save')
  assert.deepStrictEqual(dataOf(after), { small: 'x'.repeat(1_000) }, 'nothing was written')

  const fresh = await storage.read(null)
  fresh.set('big', 'z'.repeat(MAX_SIZE))
  await assertRejectsSessionError(
    storage.save(fresh),
    'SESSION_TOO_LARGE',
    'saving a new session over maxSize',
  )
  await readGone(storage, fresh.id, 'reading the id of the rejected new session')
}

/** Values JSON cannot store exactly are refused by `set`/`flash` with an error naming the key. */
export async function unserialisableValuesAreRefused({ open }: CaseContext): Promise<void> {
  const cycle: Record<string, unknown> = { name: 'loop' }
  cycle.self = cycle
  const refused: Record<string, unknown> = {
    fn: () => 1,
    bigint: 10n,
    symbol: Symbol('s'),
    cycle,
    undef: undefined,
    nan: Number.NaN,
    infinity: Number.POSITIVE_INFINITY,
    date: new Date(0),
    map: new Map([['a', 1]]),
    nestedFn: { deep: [1, { fn: () => 2 }] },
    nestedBigint: [1n],
  }
  const storage = await open()
  const cookie = await createStored(storage, { keep: 'original' })
  const session = await readStored(storage, cookie, 'reading the stored session')
  for (const [key, value] of Object.entries(refused)) {
    for (const [method, write] of [
      ['set', () => session.set(key, value)],
      ['flash', () => session.flash(key, value)],
    ] as const) {
      const error = assertThrowsSessionError(write, 'SESSION_DATA', `${method}("${key}", …)`)
      assert.equal(error.key, key, `the error of ${method}("${key}", …) names the key`)
      assert.ok(error.message.includes(key), `the message of ${method}("${key}", …) names the key`)
    }
    const overwrite = () => session.set('keep', value)
    assertThrowsSessionError(overwrite, 'SESSION_DATA', `overwriting a key with "${key}"`)
  }
  assert.equal(await storage.save(session), null, 'refused writes leave nothing to save')
  const after = await readStored(storage, cookie, 'reading after the refused writes')
  assert.deepStrictEqual(dataOf(after), { keep: 'original' }, 'the stored data is unchanged')
}

const define = topicCases('limits')

/** The limits cases. */
export const limitsCases: readonly ConformanceCase[] = [
  define('max-size', 'a save over maxSize rejects and keeps the old data', oversizedSaveIsRejected),
  define(
    'unserialisable',
    'values JSON cannot store are refused, naming the key',
    unserialisableValuesAreRefused,
  ),
]

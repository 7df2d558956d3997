import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { assertRejectsSessionError, assertThrowsSessionError } from '../support/session-errors.js'
import { createStored, dataOf, readGone, readStored, saveStored } from '../support/sessions.js'

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
    negativeZero: -0,
    nestedNegativeZero: { list: [1, -0] },
    sparse: sparseArray(),
    namedArray: Object.assign([1, 2], { extra: 'lost by JSON' }),
    hidden: Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false }),
    getter: Object.defineProperty({}, 'computed', { get: () => 1, enumerable: true }),
    deep: nested(5_000),
    deeper: nested(100_000),
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

/** `[1, , 3]`: an array with a hole, which JSON reads back as null. */
function sparseArray(): unknown[] {
  const array = [1, 2, 3]
  delete array[1]
  return array
}

/** A value `depth` arrays deep. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = [value]
  return value
}

/** The largest session core's default `maxSize` allows, in bytes (256 KiB). */
export const DEFAULT_MAX_SIZE = 262_144

/**
 * At the default `maxSize` (256 KiB, field names plus JSON values): a session of exactly that
 * size, in one large value or in 1000 keys, is stored and read back byte for byte, also when
 * an update keeps it there with multi-byte text; one byte more is refused with the limit in
 * the error, writing nothing.
 */
export async function defaultMaxSizeIsUsable({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const fill = (bytes: number, unit = 'x') => {
    // A JSON string takes its UTF-8 bytes plus two quotes; `unit` is 1 or 3 bytes.
    const text = unit.repeat(Math.floor((bytes - 2) / Buffer.byteLength(unit)))
    return text + 'y'.repeat(bytes - 2 - Buffer.byteLength(text))
  }
  const big = fill(DEFAULT_MAX_SIZE - 'big'.length)
  const cookie = await createStored(storage, { big })
  const read = await readStored(storage, cookie, `reading a session of ${DEFAULT_MAX_SIZE} bytes`)
  assert.ok(read.get('big') === big, 'a value filling the default maxSize reads back unchanged')
  const multiByte = fill(DEFAULT_MAX_SIZE - 'big'.length, '€')
  read.set('big', multiByte)
  await saveStored(storage, read, 'updating it to multi-byte text of the same size')
  const updated = await readStored(storage, cookie, 'reading the update')
  assert.ok(updated.get('big') === multiByte, 'the multi-byte value reads back unchanged')
  updated.set('z', 0)
  const error = await assertRejectsSessionError(
    storage.save(updated),
    'SESSION_TOO_LARGE',
    `saving 2 bytes more than the default maxSize`,
  )
  assert.equal(error.limit, DEFAULT_MAX_SIZE, 'the default maxSize is 256 KiB')
  const after = await readStored(storage, cookie, 'reading after the refused save')
  assert.ok(after.get('big') === multiByte && !after.has('z'), 'the refused save wrote nothing')

  const over = await storage.read(null)
  over.set('big', fill(DEFAULT_MAX_SIZE - 'big'.length + 1))
  await assertRejectsSessionError(
    storage.save(over),
    'SESSION_TOO_LARGE',
    'a new session 1 byte over',
  )
  await readGone(storage, over.id, 'reading the id of the refused new session')

  const many: Record<string, string> = {}
  const per = DEFAULT_MAX_SIZE / 1_000
  for (let i = 0; i < 1_000; i++) {
    const name = `k${String(i).padStart(4, '0')}`
    many[name] = fill(Math.floor(per) - name.length)
  }
  const manyCookie = await createStored(storage, many)
  const readMany = await readStored(storage, manyCookie, 'reading 1000 keys of 262 bytes')
  assert.deepStrictEqual(dataOf(readMany), many, 'every one of 1000 keys reads back')
}

/**
 * Keys that are not well-formed Unicode (a lone surrogate) are refused by `set`, `flash` and
 * `unset` with SessionDataError on every backend, since stores would change them (Redis reads
 * them back with U+FFFD) and two of them could collide; nothing is saved. Well-formed astral
 * keys (surrogate pairs) are fine.
 */
export async function illFormedKeysAreRefused({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { keep: 'original' })
  const session = await readStored(storage, cookie, 'reading the stored session')
  for (const key of [
    'lone \uD800 high',
    'lone \uDFFF low',
    '\uDE00\uD83D reversed',
    'end \uD83D',
  ]) {
    for (const [method, write] of [
      ['set', () => session.set(key, 1)],
      ['flash', () => session.flash(key, 1)],
      ['unset', () => session.unset(key)],
    ] as const) {
      assertThrowsSessionError(write, 'SESSION_DATA', `${method}(${JSON.stringify(key)}, …)`)
    }
  }
  assert.equal(await storage.save(session), null, 'refused keys leave nothing to save')
  const astral = 'emoji \uD83D\uDE00 pair'
  session.set(astral, 1)
  await saveStored(storage, session, 'saving a key with a surrogate pair')
  const after = await readStored(storage, cookie, 'reading it back')
  assert.deepStrictEqual(
    dataOf(after),
    { keep: 'original', [astral]: 1 },
    'only the pair is stored',
  )
}

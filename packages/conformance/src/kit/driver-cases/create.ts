import assert from 'node:assert/strict'
import type { FieldWrite } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { must } from '../support/must.js'
import {
  assertExpiry,
  createRecord,
  fieldsOf,
  loadGone,
  loadStored,
  newStorageId,
  plainWrites,
  valuesOf,
} from '../support/records.js'

/** Field values a driver must store verbatim: empty, JSON, unicode, protocol text, large. */
const VALUES: Readonly<Record<string, string>> = {
  '__sk:created': '1700000000000',
  empty: '',
  json: '{"a":[1,"two",null],"b":"\\u2028"}',
  unicode: 'é 😀 \u2028\u2029 \u0000 \uFEFF',
  protocol: '*1\r\n$4\r\nPING\r\nset x 0 0 1\r\nEND\r\n',
  'name with spaces and :{tags}': 'x',
  constructor: 'c',
  toString: 't',
  '0': 'zero',
  large: 'L'.repeat(200 * 1024),
}

/**
 * `create` of a new id resolves true and stores every field verbatim (names and values);
 * `load` returns them all, without expiry for fields written without a TTL, and the record's
 * expiry a TTL after the create.
 */
export async function createStoresFields({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  const start = clock.now()
  await createRecord(driver, id, plainWrites(VALUES), 600)
  const created = clock.now()
  const record = await loadStored(driver, id, 600, 'loading a created record')
  assert.deepStrictEqual(valuesOf(record), VALUES, 'every field must read back verbatim')
  for (const [name, field] of Object.entries(fieldsOf(record))) {
    assert.equal(field.expiresAt, undefined, `field "${name}" was written without a TTL`)
  }
  assertExpiry(
    record.expiresAt,
    start,
    Math.max(created, clock.now()),
    600,
    'the expiresAt of a created record',
  )
}

/**
 * `create` of an id that exists resolves false and changes nothing: not the fields, not the
 * record's expiry (a create with ttl 2 does not shorten a ttl of 600 s).
 */
export async function createDoesNotOverwrite({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  await createRecord(driver, id, plainWrites({ a: '1', b: '2' }), 600)
  const second = await driver.create(id, plainWrites({ a: 'overwritten', c: '3' }), 2)
  assert.equal(second, false, 'create() of an existing id must resolve false')
  const record = await loadStored(driver, id, 600, 'loading after the refused create')
  assert.deepStrictEqual(valuesOf(record), { a: '1', b: '2' }, 'a refused create writes nothing')
  assert.ok(
    record.expiresAt > clock.now() + 60_000,
    'a refused create must not restart the TTL with its own (2 s)',
  )
}

/** Of 10 concurrent creates of one id, exactly one wins; the record is all of its fields. */
export async function concurrentCreatesOneWins({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  const writes = Array.from(
    { length: 10 },
    (_, i): Record<string, FieldWrite> => plainWrites({ who: String(i), [`only${i}`]: 'x' }),
  )
  const results = await Promise.all(writes.map((fields) => driver.create(id, fields, 600)))
  const winners = results.flatMap((created, i) => (created ? [i] : []))
  assert.equal(
    winners.length,
    1,
    `exactly one of 10 concurrent creates must win, ${winners.length} did`,
  )
  const winner = winners[0] as number
  const record = await loadStored(driver, id, 600, 'loading after the concurrent creates')
  assert.deepStrictEqual(
    valuesOf(record),
    { who: String(winner), [`only${winner}`]: 'x' },
    'the record must be exactly the winning create, not a mix',
  )
}

/** After a destroy, the id is free: `create` resolves true and holds only the new fields. */
export async function createAfterDestroy({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  await createRecord(driver, id, plainWrites({ old: '1' }), 600)
  await must('destroy()', driver.destroy(id))
  await must('destroy() of a record already destroyed', driver.destroy(id))
  await loadGone(driver, id, 600, 'loading a destroyed record (destroyed twice)')
  await createRecord(driver, id, plainWrites({ fresh: '2' }), 600)
  const record = await loadStored(driver, id, 600, 'loading the record created again')
  assert.deepStrictEqual(
    valuesOf(record),
    { fresh: '2' },
    'nothing of the destroyed record is left',
  )
}

import assert from 'node:assert/strict'
import type { DriverCaseContext } from '../driver-case.js'
import {
  assertExpiry,
  createRecord,
  fieldsOf,
  hasFieldTtl,
  loadGone,
  loadStored,
  newStorageId,
  patch,
  plainWrites,
  valuesOf,
} from '../support/records.js'

/**
 * `update` applies a patch: set fields are written (replacing values, and a write without TTL
 * clears an earlier field TTL), unset ones removed (a missing one is no error), the others
 * kept; field TTLs given by the update start then; the record's TTL restarts with the
 * update's `ttl`.
 */
export async function updateAppliesPatch({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const fieldTtl = hasFieldTtl(driver)
  const id = newStorageId()
  const timed = fieldTtl ? { timed: { value: 't', ttl: 300 } } : { timed: { value: 't' } }
  await createRecord(driver, id, { ...plainWrites({ a: '1', b: '2', c: '3' }), ...timed }, 600)
  const start = clock.now()
  const updated = await driver.update(
    id,
    {
      set: {
        a: { value: '10' },
        d: { value: '4' },
        timed: { value: 'now plain' },
        ...(fieldTtl ? { later: { value: 'l', ttl: 50 } } : {}),
      },
      unset: ['b', 'missing'],
    },
    100,
  )
  const end = clock.now()
  assert.equal(updated, true, 'update() of an existing record must resolve true')
  const record = await loadStored(driver, id, 100, 'loading the updated record')
  const expected: Record<string, string> = { a: '10', c: '3', d: '4', timed: 'now plain' }
  if (fieldTtl) expected.later = 'l'
  assert.deepStrictEqual(valuesOf(record), expected, 'the patch is applied, other fields kept')
  const fields = fieldsOf(record)
  assert.equal(fields.timed?.expiresAt, undefined, 'a write without TTL clears the field TTL')
  if (fieldTtl) assertExpiry(fields.later?.expiresAt, start, end, 50, 'a field TTL set by update()')
  assertExpiry(
    record.expiresAt,
    start,
    Math.max(end, clock.now()),
    100,
    'the record expiresAt after update(ttl 100)',
  )
}

/**
 * `update` never creates: of an id never created, or destroyed, it resolves false and no
 * record appears.
 */
export async function updateNeverCreates({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const never = newStorageId()
  assert.equal(
    await driver.update(never, patch({ a: '1' }), 600),
    false,
    'update() of an unknown id',
  )
  await loadGone(driver, never, 600, 'loading an id only updated')
  const destroyed = newStorageId()
  await createRecord(driver, destroyed, plainWrites({ a: '1' }), 600)
  await driver.destroy(destroyed)
  assert.equal(
    await driver.update(destroyed, patch({ b: '2' }), 600),
    false,
    'update() of a destroyed record must resolve false',
  )
  await loadGone(driver, destroyed, 600, 'loading a destroyed record after an update()')
}

import assert from 'node:assert/strict'
import type { StoredRecord } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { must } from '../support/must.js'
import {
  createRecord,
  FLASH_FIELD_PREFIX,
  hasFieldTtl,
  loadGone,
  loadStored,
  newStorageId,
  patch,
  plainWrites,
  valuesOf,
} from '../support/records.js'

const flash = (name: string) => `${FLASH_FIELD_PREFIX}${name}`

/** `load` of an unknown or destroyed id resolves null; destroying a missing id is no error. */
export async function loadMissingIsNull({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const never = newStorageId()
  await loadGone(driver, never, 600, 'loading an unknown id')
  await must('destroy() of an unknown id', driver.destroy(never))
  const destroyed = newStorageId()
  await createRecord(driver, destroyed, plainWrites({ a: '1' }), 600)
  await driver.destroy(destroyed)
  await loadGone(driver, destroyed, 600, 'loading a destroyed record')
}

/**
 * What `load` returned belongs to the caller: later updates, touches, loads, moves and a
 * destroy never change it (its field map, field objects or expiry).
 */
export async function loadResultIsIsolated({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  const timed = hasFieldTtl(driver) ? { timed: { value: 't', ttl: 300 } } : {}
  await createRecord(
    driver,
    id,
    { ...plainWrites({ a: '1', b: '2', [flash('f')]: '"x"' }), ...timed },
    600,
  )
  const record = await loadStored(driver, id, 600, 'loading the record')
  const view = (loaded: StoredRecord) => ({
    expiresAt: loaded.expiresAt,
    fields: [...loaded.fields].map(([name, field]) => [name, field.value, field.expiresAt]),
  })
  const before = view(record)
  const objects = [...record.fields.values()]
  const copies = objects.map((field) => ({ ...field }))
  const timedWrite = hasFieldTtl(driver) ? { value: 'u', ttl: 30 } : { value: 'u' }
  const set = { a: { value: 'changed' }, c: { value: '3' }, timed: timedWrite }
  await driver.update(id, { set, unset: ['b'] }, 60)
  await driver.touch(id, 30)
  await driver.load(id, 60)
  await driver.update(id, patch({ [flash('g')]: '"y"' }), 60)
  await driver.load(id, 60)
  await driver.move?.(id, newStorageId(), patch({ d: '4' }), 60, { deleteOld: false })
  await driver.destroy(id)
  assert.deepStrictEqual(view(record), before, 'a loaded record must not change afterwards')
  assert.deepStrictEqual(
    objects.map((field) => ({ ...field })),
    copies,
    'the field objects a load returned must not change afterwards',
  )
}

/**
 * Flash fields are returned by exactly one load and removed by it; several flashes written
 * together all go to that load; a flash written while another is pending joins it; other
 * fields stay.
 */
export async function flashesAreLoadedOnce({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  await createRecord(
    driver,
    id,
    plainWrites({ a: '1', [flash('x')]: '"1"', [flash('y')]: '"2"' }),
    600,
  )
  const first = await loadStored(driver, id, 600, 'the first load')
  assert.deepStrictEqual(
    valuesOf(first),
    { a: '1', [flash('x')]: '"1"', [flash('y')]: '"2"' },
    'the first load returns every flash field and the other fields',
  )
  const second = await loadStored(driver, id, 600, 'the second load')
  assert.deepStrictEqual(valuesOf(second), { a: '1' }, 'a flash field is returned by one load only')
  assert.equal(
    await driver.update(id, patch({ [flash('z')]: '"3"' }), 600),
    true,
    'writing a flash',
  )
  assert.equal(
    await driver.update(id, patch({ [flash('w')]: '"4"', b: '2' }), 600),
    true,
    'writing another',
  )
  const third = await loadStored(driver, id, 600, 'the load after two updates with flashes')
  assert.deepStrictEqual(
    valuesOf(third),
    { a: '1', b: '2', [flash('z')]: '"3"', [flash('w')]: '"4"' },
    'flashes written one after another all go to the next load',
  )
  const fourth = await loadStored(driver, id, 600, 'the load after that')
  assert.deepStrictEqual(valuesOf(fourth), { a: '1', b: '2' }, 'every flash was consumed')
}

/** Of 10 concurrent loads of a record with flashes, one gets them all, the others none. */
export async function flashesGoToOneConcurrentLoad({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  const flashes = { [flash('x')]: '"1"', [flash('y')]: '"2"', [flash('z')]: '"3"' }
  await createRecord(driver, id, plainWrites({ a: '1', ...flashes }), 600)
  const loads = await Promise.all(Array.from({ length: 10 }, () => driver.load(id, 600)))
  const seen = loads.map((record) =>
    record
      ? Object.keys(valuesOf(record)).filter((name) => name.startsWith(FLASH_FIELD_PREFIX)).length
      : -1,
  )
  assert.ok(!seen.includes(-1), 'every concurrent load must find the record')
  assert.deepEqual(
    seen.filter((count) => count > 0 && count < 3),
    [],
    'no load may get only some flashes',
  )
  assert.equal(
    seen.filter((count) => count === 3).length,
    1,
    `exactly one of 10 concurrent loads must get the flashes, got ${seen}`,
  )
}

import assert from 'node:assert/strict'
import type { SessionDriver, StoredField } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { LATE_EXPIRY_MS } from '../support/expiry.js'
import { assertFieldTtlSupported } from '../support/field-ttl.js'
import { assertThereOnTime } from '../support/on-time.js'
import {
  assertExpiry,
  createRecord,
  fieldsOf,
  loadStored,
  newStorageId,
  plainWrites,
  valuesOf,
} from '../support/records.js'

/**
 * What 'native' and 'emulated' promise: a field with a TTL is reported with its expiry time
 * and, once that passed, `load` no longer returns it (whether written by create or by a later
 * update, and though the record was touched and updated meanwhile), while the record and its
 * other fields live on. A driver that only stamps expiry times for core to filter is caught.
 */
export async function expiredFieldsAreNotReturned({
  open,
  clock,
}: DriverCaseContext): Promise<void> {
  const driver = await open()
  assertFieldTtlSupported(driver.capabilities)
  const id = newStorageId()
  const start = clock.now()
  await createRecord(
    driver,
    id,
    { ...plainWrites({ keep: 'k' }), early: { value: 'e', ttl: 1 } },
    60,
  )
  const created = clock.now()
  const first = await fieldsOnTime(
    clock,
    created,
    driver,
    id,
    'early',
    'loading right after the create',
  )
  assertExpiry(first.early?.expiresAt, start, created, 1, 'the expiresAt of a field with ttl 1')
  await clock.sleepUntil(start + 500)
  const updateStart = clock.now()
  const set = { late: { value: 'l', ttl: 1 }, other: { value: 'o' } }
  assert.equal(await driver.update(id, { set, unset: [] }, 60), true, 'update() with a field TTL')
  const updated = clock.now()
  const second = await fieldsOnTime(
    clock,
    updated,
    driver,
    id,
    'late',
    'loading right after the update',
  )
  assertExpiry(
    second.late?.expiresAt,
    updateStart,
    updated,
    1,
    'the expiresAt of a field given ttl 1 by update()',
  )
  assert.equal(await driver.touch(id, 60), true, 'touch()')
  await clock.sleepUntil(updated + 1_000 + LATE_EXPIRY_MS)
  const late = await loadStored(driver, id, 60, 'loading after both field TTLs passed')
  assert.deepStrictEqual(
    valuesOf(late),
    { keep: 'k', other: 'o' },
    'load() must not return fields whose TTL passed (the record and other fields stay)',
  )
  assert.equal(
    await driver.update(id, plainWritesPatch({ again: 'a' }), 60),
    true,
    'update() after',
  )
  const after = await loadStored(driver, id, 60, 'loading after a later update')
  assert.deepStrictEqual(
    valuesOf(after),
    { keep: 'k', other: 'o', again: 'a' },
    'expired fields stay gone',
  )
}

/** A field written again without a TTL loses its expiry and stays. */
export async function rewrittenFieldKeepsNoTtl({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  assertFieldTtlSupported(driver.capabilities)
  const id = newStorageId()
  await createRecord(driver, id, { keep: { value: '1' }, temp: { value: 't', ttl: 1 } }, 60)
  assert.equal(
    await driver.update(id, plainWritesPatch({ temp: 'permanent' }), 60),
    true,
    'update()',
  )
  const cleared = fieldsOf(await loadStored(driver, id, 60, 'loading the rewritten field'))
  assert.equal(cleared.temp?.expiresAt, undefined, 'a field written without a TTL has no expiry')
  await clock.sleep(1_000 + LATE_EXPIRY_MS + 200)
  const late = await loadStored(driver, id, 60, 'loading after the old field TTL passed')
  assert.deepStrictEqual(valuesOf(late), { keep: '1', temp: 'permanent' }, 'the field stays')
}

/**
 * The fields of record `id`, loaded right after a write made by `writtenAt`, with `field`
 * there; `TooLate` when it is gone but the load ran too late to conclude.
 */
async function fieldsOnTime(
  clock: DriverCaseContext['clock'],
  writtenAt: number,
  driver: SessionDriver,
  id: string,
  field: string,
  what: string,
): Promise<Record<string, StoredField>> {
  let fields: Record<string, StoredField> = {}
  await assertThereOnTime(
    clock,
    writtenAt,
    async () => {
      fields = fieldsOf(await loadStored(driver, id, 60, what))
      return fields[field] !== undefined
    },
    `${what}: the field "${field}" (ttl 1 s)`,
  )
  return fields
}

function plainWritesPatch(values: Record<string, string>) {
  return { set: plainWrites(values), unset: [] }
}

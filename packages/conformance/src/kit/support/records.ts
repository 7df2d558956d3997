import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type {
  FieldWrite,
  SessionDriver,
  SessionPatch,
  StoredField,
  StoredRecord,
} from '@sessionkit/core/driver'
import type { CaseClock } from '../clock.js'
import { must } from './must.js'
import { assertThereOnTime } from './on-time.js'

/** Prefix of field names a driver may keep for itself (core's `DRIVER_FIELD_PREFIX`). */
export const DRIVER_FIELD_PREFIX = '__sk:d:'

/** Prefix of flash fields (core's `FLASH_FIELD_PREFIX`). */
export const FLASH_FIELD_PREFIX = '__sk:flash:'

/** A new storage id, shaped as core makes them (43 URL-safe base64 characters). */
export function newStorageId(): string {
  return randomBytes(32).toString('base64url')
}

/** Field writes without TTLs, from `{ name: value }`. */
export function plainWrites(values: Readonly<Record<string, string>>): Record<string, FieldWrite> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]))
}

/** A patch that sets `set` (without TTLs) and removes `unset`. */
export function patch(set: Readonly<Record<string, string>>, unset: string[] = []): SessionPatch {
  return { set: plainWrites(set), unset }
}

/** The fields of `record` that are not the driver's own bookkeeping, as `{ name: field }`. */
export function fieldsOf(record: StoredRecord): Record<string, StoredField> {
  const fields: Record<string, StoredField> = {}
  for (const [name, field] of record.fields) {
    if (!name.startsWith(DRIVER_FIELD_PREFIX)) fields[name] = field
  }
  return fields
}

/** The values of `record`'s fields (not the driver's own), as `{ name: value }`. */
export function valuesOf(record: StoredRecord): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldsOf(record)).map(([name, f]) => [name, f.value]))
}

/** Load `id` and assert the record exists; return it. */
export async function loadStored(
  driver: SessionDriver,
  id: string,
  ttl: number,
  what: string,
): Promise<StoredRecord> {
  const record = await must(`${what}: load()`, driver.load(id, ttl))
  assert.ok(record, `${what}: load() must find the record`)
  return record
}

/**
 * `loadStored` for a timed check planned at `plannedAt`: when the record is gone but the load
 * ran too late to conclude, `TooLate` (the case runs again) instead of a failure.
 */
export async function loadOnTime(
  clock: CaseClock,
  plannedAt: number,
  driver: SessionDriver,
  id: string,
  ttl: number,
  what: string,
): Promise<StoredRecord> {
  const found: StoredRecord[] = []
  await assertThereOnTime(
    clock,
    plannedAt,
    async () => {
      const record = await must(`${what}: load()`, driver.load(id, ttl))
      if (record) found.push(record)
      return record !== null
    },
    `${what}: load() must find the record`,
  )
  return found[0] as StoredRecord
}

/** Load `id` and assert there is no record. */
export async function loadGone(
  driver: SessionDriver,
  id: string,
  ttl: number,
  what: string,
): Promise<void> {
  const record = await must(`${what}: load()`, driver.load(id, ttl))
  assert.equal(
    record,
    null,
    `${what}: load() must find no record, got ${record && JSON.stringify(valuesOf(record))}`,
  )
}

/** Create `id` with `values` and assert it was created. */
export async function createRecord(
  driver: SessionDriver,
  id: string,
  writes: Readonly<Record<string, FieldWrite>>,
  ttl: number,
): Promise<void> {
  const created = await must('create() of a new id', driver.create(id, writes, ttl))
  assert.equal(created, true, 'create() of a new id must resolve true')
}

/** Assert that `epochMs` is `seconds` after a call made between `from` and `to` (± 50 ms). */
export function assertExpiry(
  epochMs: number | undefined,
  from: number,
  to: number,
  seconds: number,
  what: string,
): void {
  assert.ok(
    epochMs !== undefined &&
      epochMs >= from + seconds * 1_000 - 50 &&
      epochMs <= to + seconds * 1_000 + 50,
    `${what} must be ${seconds} s after the call, got ${epochMs === undefined ? 'none' : `${epochMs - from} ms after it started`}`,
  )
}

/** Whether the driver under test has per-field TTL. */
export function hasFieldTtl(driver: SessionDriver): boolean {
  return driver.capabilities.fieldTtl !== 'none'
}

import type { FieldWrite, SessionPatch, StoredField } from '@sessionkit/core'

/** One session held in memory. */
export interface MemoryRecord {
  readonly fields: Map<string, StoredField>
  /** Epoch ms at which the whole record expires. */
  expiresAt: number
  /** Bytes the record is counted as (key, field names and values). */
  bytes: number
}

/** Write `fields` into `record`, turning field TTLs (seconds) into expiry times. */
export function writeFields(
  record: MemoryRecord,
  fields: Readonly<Record<string, FieldWrite>>,
  now: number,
): void {
  for (const [name, write] of Object.entries(fields)) {
    const expiresAt = write.ttl === undefined ? undefined : now + write.ttl * 1000
    record.fields.set(name, { value: write.value, expiresAt })
  }
}

/** Apply a save's patch to `record`. */
export function patchRecord(record: MemoryRecord, patch: SessionPatch, now: number): void {
  for (const name of patch.unset) record.fields.delete(name)
  writeFields(record, patch.set, now)
}

/** Drop fields whose own expiry has passed. */
export function dropExpiredFields(record: MemoryRecord, now: number): void {
  for (const [name, field] of record.fields) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) record.fields.delete(name)
  }
}

/** Bytes `record` stored under `key` is counted as. */
export function measure(key: string, record: MemoryRecord): number {
  let bytes = Buffer.byteLength(key)
  for (const [name, field] of record.fields)
    bytes += Buffer.byteLength(name) + Buffer.byteLength(field.value)
  return bytes
}

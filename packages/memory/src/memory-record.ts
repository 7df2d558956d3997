import type { FieldMap } from '@sessionkit/core/driver'

/** One session held in memory. */
export interface MemoryRecord {
  readonly fields: FieldMap
  /** Epoch ms at which the whole record expires. */
  expiresAt: number
  /** Bytes the record is counted as (key, field names and values). */
  bytes: number
}

/** Bytes `record` stored under `key` is counted as. */
export function measure(key: string, record: MemoryRecord): number {
  let bytes = Buffer.byteLength(key)
  for (const [name, field] of record.fields)
    bytes += Buffer.byteLength(name) + Buffer.byteLength(field.value)
  return bytes
}

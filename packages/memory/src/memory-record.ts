import type { FieldMap } from '@sessionkit/core/driver'

/**
 * One session held in memory. Its `fields` map is never changed once stored: every write puts
 * a new map in its place, so what `load` handed out stays as it was.
 */
export interface MemoryRecord {
  fields: FieldMap
  /** Epoch ms at which the whole record expires. */
  expiresAt: number
  /** Bytes the record is counted as (key, field names and values). */
  bytes: number
}

/** Bytes `fields` stored under `key` are counted as. */
export function measure(key: string, fields: FieldMap): number {
  let bytes = Buffer.byteLength(key)
  for (const [name, field] of fields)
    bytes += Buffer.byteLength(name) + Buffer.byteLength(field.value)
  return bytes
}

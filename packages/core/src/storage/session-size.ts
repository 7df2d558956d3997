import { currentFields, type SessionState } from '../session/session-state.js'
import type { FieldWrite, StoredField } from './driver.js'

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (4 for a pair of them). */
const MAX_BYTES_PER_UNIT = 3

/** Bytes one field takes as core counts them: its name plus its encoded value, in UTF-8. */
export function fieldSize(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value)
}

/**
 * The size in bytes (user field names plus encoded values) of the session once its pending
 * changes are written, when it exceeds `limit`; undefined when it does not. Bytes are only
 * counted when a bound cannot settle it: the stored record's size as the store reported it (or
 * 3 bytes per UTF-16 code unit of its names and values), plus 3 per code unit of what changed.
 */
export function sizeOverLimit(s: SessionState, limit: number): number | undefined {
  let bound = s.storedSize ?? MAX_BYTES_PER_UNIT * storedUnits(s)
  if (s.saved) {
    for (const [name, field] of s.saved) bound += MAX_BYTES_PER_UNIT * lengthOf(name, field)
  }
  for (const [name, change] of s.changes) bound += MAX_BYTES_PER_UNIT * lengthOf(name, change)
  if (bound <= limit) return undefined
  const fields: Map<string, StoredField | FieldWrite> = currentFields(s)
  for (const [name, change] of s.changes) {
    if (change === null) fields.delete(name)
    else fields.set(name, change)
  }
  let size = 0
  for (const [name, field] of fields) size += fieldSize(name, field.value)
  return size > limit ? size : undefined
}

/** UTF-16 code units of every stored field's name and value, core's own fields included. */
function storedUnits(s: SessionState): number {
  let units = 0
  // Two loops: iterating entries would allocate a pair for each.
  for (const name of s.stored.keys()) units += name.length
  for (const field of s.stored.values()) units += field.value.length
  return units
}

/** UTF-16 code units of a field's name and value; 0 for no field. */
function lengthOf(name: string, field: { readonly value: string } | null | undefined): number {
  return field ? name.length + field.value.length : 0
}

import { currentFields, type SessionState } from '../session/session-state.js'
import type { FieldWrite, StoredField } from './driver.js'
import { RESERVED_FIELD_PREFIX } from './reserved-fields.js'

/** Bytes one field takes as core counts them: its name plus its encoded value, in UTF-8. */
export function fieldSize(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value)
}

/**
 * The size in bytes (user field names plus encoded values) of the session once its pending
 * changes are written, when it exceeds `limit`; undefined when it does not. UTF-8 takes 1 to 3
 * bytes per UTF-16 code unit, so bytes are only counted when the lengths cannot settle it.
 */
export function sizeOverLimit(s: SessionState, limit: number): number | undefined {
  let units = storedUnits(s)
  if (s.saved) {
    for (const [name, field] of s.saved) {
      units += lengthOf(name, field) - lengthOf(name, storedUserField(s, name))
    }
  }
  for (const [name, change] of s.changes) {
    const current = s.saved?.has(name) ? s.saved.get(name) : storedUserField(s, name)
    units += lengthOf(name, change) - lengthOf(name, current)
  }
  // The stored count includes core's own fields: a bound, never below the real size.
  if (units * 3 <= limit) return undefined
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

/** The field `name` of the stored record when it is a user field (as `storedUnits` counts). */
function storedUserField(s: SessionState, name: string): StoredField | undefined {
  return name.startsWith(RESERVED_FIELD_PREFIX) ? undefined : s.stored.get(name)
}

/** UTF-16 code units of a field's name and value; 0 for no field. */
function lengthOf(name: string, field: { readonly value: string } | null | undefined): number {
  return field ? name.length + field.value.length : 0
}

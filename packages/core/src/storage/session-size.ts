import type { FieldWrite, SessionPatch, StoredField } from './driver.js'

/** Bytes a record takes as core counts them: field names plus encoded values. */
export function recordSize(fields: Iterable<[string, StoredField | FieldWrite]>): number {
  let size = 0
  for (const [name, field] of fields)
    size += Buffer.byteLength(name) + Buffer.byteLength(field.value)
  return size
}

/** The fields a record will hold once `patch` is applied to `current`. */
export function applyPatch(
  current: ReadonlyMap<string, StoredField | FieldWrite>,
  patch: SessionPatch,
): Map<string, StoredField | FieldWrite> {
  const next = new Map(current)
  for (const name of patch.unset) next.delete(name)
  for (const [name, write] of Object.entries(patch.set)) next.set(name, write)
  return next
}

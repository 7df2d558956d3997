import type { FieldWrite, StoredField } from './driver.js'

/** Bytes one field takes as core counts them: its name plus its encoded value, in UTF-8. */
export function fieldSize(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value)
}

/**
 * The size in bytes of the `loaded` fields once `changes` (a write, or null for an unset) are
 * applied, when it exceeds `limit`; undefined when it does not. UTF-8 takes 1 to 3 bytes per
 * UTF-16 code unit, so the bytes are only counted when the string lengths cannot settle it.
 */
export function sizeOverLimit(
  loaded: ReadonlyMap<string, StoredField>,
  changes: ReadonlyMap<string, FieldWrite | null>,
  limit: number,
): number | undefined {
  let units = 0
  for (const [name, field] of loaded) {
    if (!changes.has(name)) units += name.length + field.value.length
  }
  for (const [name, change] of changes) {
    if (change) units += name.length + change.value.length
  }
  if (units * 3 <= limit) return undefined
  let size = 0
  for (const [name, field] of loaded) {
    if (!changes.has(name)) size += fieldSize(name, field.value)
  }
  for (const [name, change] of changes) {
    if (change) size += fieldSize(name, change.value)
  }
  return size > limit ? size : undefined
}

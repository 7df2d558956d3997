import type { FieldWrite, SessionPatch, StoredField } from './driver.js'

/** A record's fields by name, as drivers that hold whole records in memory keep them. */
export type FieldMap = Map<string, StoredField>

/** What `writeFields` and `applyPatch` write into: a `FieldMap`, or a driver's own map-like store. */
export interface WritableFields {
  get(name: string): StoredField | undefined
  set(name: string, field: StoredField): unknown
  delete(name: string): boolean
}

/** Write `writes` into `fields`, turning field TTLs (seconds) into expiry times from `now`. */
export function writeFields(
  fields: WritableFields,
  writes: Readonly<Record<string, FieldWrite>>,
  now: number,
): void {
  for (const name in writes) {
    if (!Object.hasOwn(writes, name)) continue
    const write = writes[name] as FieldWrite
    const expiresAt = write.ttl === undefined ? undefined : now + write.ttl * 1000
    fields.set(name, { value: write.value, expiresAt })
  }
}

/**
 * Apply a save's patch to `fields` (expired fields are not looked for): unsets, then writes.
 * Returns how many bytes (field names plus values, in UTF-8) the fields grew by, negative when
 * they shrank, so that a driver can keep a record's size without measuring all of it again.
 */
export function applyPatch(fields: WritableFields, patch: SessionPatch, now: number): number {
  let grown = 0
  for (const name of patch.unset) {
    const old = fields.get(name)
    if (old === undefined) continue
    fields.delete(name)
    grown -= Buffer.byteLength(name) + Buffer.byteLength(old.value)
  }
  for (const name in patch.set) {
    if (!Object.hasOwn(patch.set, name)) continue
    const write = patch.set[name] as FieldWrite
    const old = fields.get(name)
    if (old === undefined) grown += Buffer.byteLength(name)
    else grown -= Buffer.byteLength(old.value)
    grown += Buffer.byteLength(write.value)
    const expiresAt = write.ttl === undefined ? undefined : now + write.ttl * 1000
    fields.set(name, { value: write.value, expiresAt })
  }
  return grown
}

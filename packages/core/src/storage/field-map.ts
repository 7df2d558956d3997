import type { FieldWrite, SessionPatch, StoredField } from './driver.js'

/** A record's fields by name, as drivers that hold whole records in memory keep them. */
export type FieldMap = Map<string, StoredField>

/** Remove the fields whose own expiry is at or before `now` (epoch ms); true when any was. */
export function dropExpiredFields(fields: FieldMap, now: number): boolean {
  let dropped = false
  for (const [name, field] of fields) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) {
      fields.delete(name)
      dropped = true
    }
  }
  return dropped
}

/** Write `writes` into `fields`, turning field TTLs (seconds) into expiry times from `now`. */
export function writeFields(
  fields: FieldMap,
  writes: Readonly<Record<string, FieldWrite>>,
  now: number,
): void {
  for (const [name, write] of Object.entries(writes)) {
    const expiresAt = write.ttl === undefined ? undefined : now + write.ttl * 1000
    fields.set(name, { value: write.value, expiresAt })
  }
}

/** Apply a save's patch to `fields`: expired fields are dropped, then unsets, then writes. */
export function patchFields(fields: FieldMap, patch: SessionPatch, now: number): void {
  dropExpiredFields(fields, now)
  for (const name of patch.unset) fields.delete(name)
  writeFields(fields, patch.set, now)
}

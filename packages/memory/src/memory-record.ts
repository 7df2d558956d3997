import {
  applyPatch,
  type FieldMap,
  type FieldWrite,
  isFlashField,
  type SessionPatch,
} from '@sessionkit/core/driver'

/**
 * One session held in memory. Its `fields` map is never changed once stored: every write puts
 * a new map in its place, so what `load` handed out stays as it was.
 */
export class MemoryRecord {
  fields: FieldMap = new Map()
  /** Bytes the record is counted as: its key, field names and values, in UTF-8. */
  bytes: number
  /**
   * No field expires before this epoch ms (Infinity when none has an expiry of its own). It may
   * be earlier than the first real expiry, never later: until then no field needs looking at.
   */
  fieldsLiveUntil = Number.POSITIVE_INFINITY
  /** False only when surely no field is a flash field. */
  mayHaveFlash = false

  constructor(
    /** Bytes of the key the record is stored under. */
    private readonly keyBytes: number,
    /** Epoch ms at which the whole record expires. */
    public expiresAt: number,
  ) {
    this.bytes = keyBytes
  }

  /** Hold `fields` (a map no one else holds) from now on, measured in full. */
  refill(fields: FieldMap): void {
    let bytes = this.keyBytes
    let liveUntil = Number.POSITIVE_INFINITY
    let mayHaveFlash = false
    for (const [name, field] of fields) {
      bytes += Buffer.byteLength(name) + Buffer.byteLength(field.value)
      if (field.expiresAt !== undefined && field.expiresAt < liveUntil) liveUntil = field.expiresAt
      if (!mayHaveFlash && isFlashField(name)) mayHaveFlash = true
    }
    this.fields = fields
    this.bytes = bytes
    this.fieldsLiveUntil = liveUntil
    this.mayHaveFlash = mayHaveFlash
  }

  /** Whether some field may have expired at `now` (epoch ms). */
  mayHaveExpired(now: number): boolean {
    return this.fieldsLiveUntil <= now
  }

  /** Drop the fields expired at `now`, if there may be any. */
  pruneExpired(now: number): void {
    if (this.mayHaveExpired(now)) this.refill(liveFields(this.fields, now, true))
  }

  /**
   * Hold a copy of its fields with `patch` applied, expired fields dropped first; the byte
   * count follows from what the patch changed, without measuring every field again.
   */
  patch(patch: SessionPatch, now: number): void {
    this.pruneExpired(now)
    const fields: FieldMap = new Map()
    for (const [name, field] of this.fields) fields.set(name, field)
    this.bytes += applyPatch(fields, patch, now)
    this.fields = fields
    for (const name of Object.keys(patch.set)) {
      const ttl = (patch.set[name] as FieldWrite).ttl
      if (ttl !== undefined) this.fieldsLiveUntil = Math.min(this.fieldsLiveUntil, now + ttl * 1000)
      if (!this.mayHaveFlash && isFlashField(name)) this.mayHaveFlash = true
    }
  }

  /**
   * Its live fields at `now`, flash fields included, as a load returns them; the record then
   * holds them without the flash fields (each flash is returned once).
   */
  consume(now: number): FieldMap {
    if (!this.mayHaveFlash && !this.mayHaveExpired(now)) return this.fields
    const fields = liveFields(this.fields, now, true)
    this.refill(liveFields(fields, now, false))
    return fields
  }
}

/** A copy of `fields` without those expired at `now`, and without flash fields unless kept. */
export function liveFields(fields: FieldMap, now: number, keepFlashes: boolean): FieldMap {
  const kept: FieldMap = new Map()
  for (const [name, field] of fields) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) continue
    if (keepFlashes || !isFlashField(name)) kept.set(name, field)
  }
  return kept
}

import {
  applyPatch,
  type FieldWrite,
  isFlashField,
  type SessionPatch,
  type StoredField,
} from '@sessionkit/core/driver'
import { FieldTable, FieldTableDraft } from './field-table.js'

/** The draft every write of the memory driver goes through, one after another. */
export const draft = new FieldTableDraft()

/**
 * One session held in memory. Its `fields` table is never changed once stored: every write puts
 * a new table in its place, so what `load` handed out stays as it was.
 */
export class MemoryRecord {
  fields = FieldTable.EMPTY
  /** Bytes the record is counted as: its key, field names and values, in UTF-8. */
  bytes: number
  /**
   * No field expires before this epoch ms (Infinity when none has an expiry of its own). It may
   * be earlier than the first real expiry, never later: until then no field needs looking at.
   */
  fieldsLiveUntil = Number.POSITIVE_INFINITY
  /** False only when surely no field is a flash field. */
  mayHaveFlash = false
  /** The user the session belongs to, as core passed it; undefined: none. */
  owner: string | undefined = undefined

  constructor(
    /** Bytes of the key the record is stored under. */
    private readonly keyBytes: number,
    /** Epoch ms at which the whole record expires. */
    public expiresAt: number,
  ) {
    this.bytes = keyBytes
  }

  /** Hold `fields` from now on, measured in full. */
  refill(fields: FieldTable): void {
    const names = fields.names.list
    let bytes = this.keyBytes
    let liveUntil = Number.POSITIVE_INFINITY
    let mayHaveFlash = false
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      const field = fields.fields[i] as StoredField
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
   * Hold a new version of its fields with `patch` applied, expired fields dropped first; the
   * byte count follows from what the patch changed, without measuring every field again.
   */
  patch(patch: SessionPatch, now: number): void {
    this.pruneExpired(now)
    this.bytes += applyPatch(draft.begin(this.fields), patch, now)
    this.fields = draft.done()
    for (const name in patch.set) {
      if (!Object.hasOwn(patch.set, name)) continue
      const ttl = (patch.set[name] as FieldWrite).ttl
      if (ttl !== undefined) this.fieldsLiveUntil = Math.min(this.fieldsLiveUntil, now + ttl * 1000)
      if (!this.mayHaveFlash && isFlashField(name)) this.mayHaveFlash = true
    }
  }

  /**
   * Its live fields at `now`, flash fields included, as a load returns them; the record then
   * holds them without the flash fields (each flash is returned once).
   */
  consume(now: number): FieldTable {
    if (!this.mayHaveFlash && !this.mayHaveExpired(now)) return this.fields
    const fields = liveFields(this.fields, now, true)
    this.refill(liveFields(fields, now, false))
    return fields
  }
}

/** The fields of `table` not expired at `now`, without flash fields unless kept. */
export function liveFields(table: FieldTable, now: number, keepFlashes: boolean): FieldTable {
  draft.begin()
  table.forEach((field, name) => {
    if (field.expiresAt !== undefined && field.expiresAt <= now) return
    if (keepFlashes || !isFlashField(name)) draft.set(name, field)
  })
  return draft.done()
}

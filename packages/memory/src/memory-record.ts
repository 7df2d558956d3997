import {
  applyPatch,
  FieldTable,
  FieldTableDraft,
  type FieldWrite,
  liveFields,
  type SessionPatch,
  type StoredField,
} from '@sessionkit/core/driver'

/**
 * Heap bytes a stored session takes besides its key and fields: the map entry and its share of
 * the map's table, the recency list entry, the record, its field table and arrays. Measured
 * (heap growth of 50k to 1M sessions, Node 20 and 24; see memory-bound.test.ts).
 */
export const RECORD_OVERHEAD_BYTES = 632
/** Heap bytes a field takes besides its name and value string: its object and array slots. */
export const FIELD_OVERHEAD_BYTES = 40

/**
 * Heap bytes of a flat V8 string: a 16-byte header, then one byte a character (two once some
 * character is past Latin-1; counted so as soon as one is not ASCII), rounded up to 8. Never
 * less than its UTF-8 bytes (3 a character for most non-Latin text, which V8 keeps in 2), so
 * that a record's count stays a bound of the UTF-8 bytes core checks `maxSize` against.
 */
export function stringHeapBytes(text: string): number {
  const utf8 = Buffer.byteLength(text)
  const chars = utf8 === text.length ? utf8 : Math.max(utf8, 2 * text.length)
  return 16 + ((chars + 7) & ~7)
}

/**
 * Heap bytes a field is counted as. Its name counts as its UTF-8 bytes only: field names are
 * object keys on their way here, so V8 keeps one copy of each name for all sessions.
 */
function fieldBytes(name: string, field: StoredField | undefined): number {
  return field === undefined
    ? 0
    : FIELD_OVERHEAD_BYTES + Buffer.byteLength(name) + stringHeapBytes(field.value)
}

/** The heap bytes of a record stored under `id`, without its fields. */
export function recordBaseBytes(id: string): number {
  return RECORD_OVERHEAD_BYTES + stringHeapBytes(id)
}

/** The draft every write of the memory driver goes through, one after another. */
export const draft = new FieldTableDraft()

/**
 * One session held in memory. Its `fields` table is never changed once stored: every write puts
 * a new table in its place, so what `load` handed out stays as it was.
 */
export class MemoryRecord {
  fields = FieldTable.EMPTY
  /**
   * Heap bytes the record is counted as: `RECORD_OVERHEAD_BYTES`, its key and values as V8
   * stores strings, `FIELD_OVERHEAD_BYTES` and the name's length per field.
   */
  bytes: number
  /**
   * No field expires before this epoch ms (Infinity when none has an expiry of its own). It may
   * be earlier than the first real expiry, never later: until then no field needs looking at.
   */
  fieldsLiveUntil = Number.POSITIVE_INFINITY
  /** The user the session belongs to, as core passed it; undefined: none. */
  owner: string | undefined = undefined

  constructor(
    /** Heap bytes of the record without its fields (`recordBaseBytes`). */
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
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      const field = fields.fields[i] as StoredField
      bytes += fieldBytes(name, field)
      if (field.expiresAt !== undefined && field.expiresAt < liveUntil) liveUntil = field.expiresAt
    }
    this.fields = fields
    this.bytes = bytes
    this.fieldsLiveUntil = liveUntil
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
    const base = this.fields
    const touched =
      patch.unset.length === 0
        ? Object.keys(patch.set)
        : [...new Set([...patch.unset, ...Object.keys(patch.set)])]
    let bytes = this.bytes
    for (const name of touched) bytes -= fieldBytes(name, base.get(name))
    applyPatch(draft.begin(base), patch, now)
    this.fields = draft.done()
    for (const name of touched) bytes += fieldBytes(name, this.fields.get(name))
    this.bytes = bytes
    for (const name in patch.set) {
      if (!Object.hasOwn(patch.set, name)) continue
      const ttl = (patch.set[name] as FieldWrite).ttl
      if (ttl !== undefined) this.fieldsLiveUntil = Math.min(this.fieldsLiveUntil, now + ttl * 1000)
    }
  }

  /**
   * Its live fields at `now`, flash fields included, as a load returns them; the record then
   * holds them without the flash fields (each flash is returned once).
   */
  consume(now: number): FieldTable {
    if (!this.fields.hasFlash && !this.mayHaveExpired(now)) return this.fields
    const fields = liveFields(this.fields, now, true)
    this.refill(liveFields(fields, now, false))
    return fields
  }
}

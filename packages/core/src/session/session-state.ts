import type { FieldWrite, StoredField, StoredFields } from '../storage/driver.js'
import { RESERVED_FIELD_PREFIX } from '../storage/reserved-fields.js'

/** The fields of a session that has none stored; never changed. */
const NO_FIELDS: StoredFields = new Map()

/**
 * Everything a Session knows; shared by the Session object and the storage that made it.
 *
 * A session's fields are layers, read top down: `changes` (pending writes), `flashes` (consumed
 * by this request's load), `saved` (written by a save since the load), then `stored` (the
 * record as the store returned it, used as it is: a load copies nothing).
 */
export interface SessionState {
  /** The current session id (changed by regenerateId). */
  id: string
  /** The id the session was loaded or last saved under; equals `id` unless regenerated. */
  loadedId: string
  /** Storage id (hash) of `loadedId`, computed once. */
  loadedStorageId: string | undefined
  /** True until the session has been written to the store. */
  isNew: boolean
  /**
   * The record's fields as the store returned them, core's reserved fields included (user keys
   * never start with `RESERVED_FIELD_PREFIX`, so they are told apart by name). Never changed.
   */
  stored: StoredFields
  /** User fields written by a save since the load (`null`: unset), over `stored`. */
  saved: Map<string, StoredField | null> | undefined
  /** Flash values consumed by this request's load, by key (encoded). */
  flashes: Map<string, string> | undefined
  /** Pending writes by stored field name; `null` is an unset. */
  readonly changes: Map<string, FieldWrite | null>
  /** Pending regeneration, if regenerateId was called. */
  regenerated: { deleteOld: boolean } | null
  destroyed: boolean
  /** This session's own lifetime in seconds (remember me); undefined: the storage's TTL. */
  lifetime: number | undefined
  /** Whether `lifetime` changed since the load (the save then writes it and restarts the TTL). */
  lifetimeChanged: boolean
  /** Epoch ms at which the stored session expires unless refreshed; undefined while new. */
  expiresAt: number | undefined
  /** Whether the store has per-field TTL (`set` with `ttl` is refused when it has not). */
  readonly fieldTtl: boolean
}

/** A fresh, empty state for a session that is not stored yet. */
export function newSessionState(id: string, fieldTtl = true): SessionState {
  return {
    id,
    loadedId: id,
    loadedStorageId: undefined,
    isNew: true,
    stored: NO_FIELDS,
    saved: undefined,
    flashes: undefined,
    changes: new Map(),
    regenerated: null,
    destroyed: false,
    lifetime: undefined,
    lifetimeChanged: false,
    expiresAt: undefined,
    fieldTtl,
  }
}

/**
 * The live user field `key` as stored or saved (pending changes and flashes aside), or
 * undefined: none, unset, expired, or a reserved name.
 */
export function currentField(s: SessionState, key: string): StoredField | undefined {
  let field = s.saved?.get(key)
  if (field === undefined) {
    field = s.stored.get(key)
    if (field === undefined || key.startsWith(RESERVED_FIELD_PREFIX)) return undefined
  }
  if (field === null) return undefined
  if (field.expiresAt !== undefined && field.expiresAt <= Date.now()) return undefined
  return field
}

/** The user fields as stored or saved (live or not), pending changes and flashes aside. */
export function currentFields(s: SessionState): Map<string, StoredField> {
  const fields = new Map<string, StoredField>()
  for (const [name, field] of s.stored) {
    if (!name.startsWith(RESERVED_FIELD_PREFIX)) fields.set(name, field)
  }
  if (s.saved) {
    for (const [name, field] of s.saved) {
      if (field === null) fields.delete(name)
      else fields.set(name, field)
    }
  }
  return fields
}

/** Forget every field, pending change and flash (destroyed, or gone from the store). */
export function clearFields(s: SessionState): void {
  s.stored = NO_FIELDS
  s.saved = undefined
  s.flashes = undefined
  s.changes.clear()
}

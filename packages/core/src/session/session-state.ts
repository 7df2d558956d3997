import type { FieldWrite, StoredField, StoredFields } from '../storage/driver.js'
import { FieldTable } from '../storage/field-table.js'
import {
  FLASH_FIELD_PREFIX,
  isFlashField,
  RESERVED_FIELD_PREFIX,
} from '../storage/reserved-fields.js'
import { DEFAULT_MAX_KEY_LENGTH, DEFAULT_MAX_KEYS } from '../storage/storage-options.js'

/** How many keys a session may hold and how long each may be (storage options). */
export interface KeyLimits {
  /** Most keys, flashes included. */
  readonly maxKeys: number
  /** Longest key in UTF-8 bytes. */
  readonly maxKeyLength: number
}

/** The limits of a session made outside a storage (tests): core's defaults. */
const DEFAULT_KEY_LIMITS: KeyLimits = {
  maxKeys: DEFAULT_MAX_KEYS,
  maxKeyLength: DEFAULT_MAX_KEY_LENGTH,
}

/** The fields of a session that has none stored; never changed. */
const NO_FIELDS: StoredFields = new Map()

/** The changes of a session with none pending (a map is made by the first write). */
const NO_CHANGES: ReadonlyMap<string, FieldWrite | null> = new Map()

/**
 * Everything a Session knows; shared by the Session object and the storage that made it.
 *
 * A session's fields are layers, read top down: `changes` (pending writes), the flash fields
 * this request's load consumed (in `stored`), `saved` (written by a save since the load), then
 * `stored` (the record as the store returned it, used as it is: a load copies nothing).
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
  /**
   * At least the UTF-8 bytes of the names and values in `stored`, when the store said so
   * (`StoredRecord.size`); undefined: not known without measuring them.
   */
  storedSize: number | undefined
  /** User fields written by a save since the load (`null`: unset), over `stored`. */
  saved: Map<string, StoredField | null> | undefined
  /** Pending writes by stored field name; `null` is an unset. Written through `writeChange`. */
  changes: ReadonlyMap<string, FieldWrite | null>
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
  /** The user the session belongs to (`Session.setOwner`), as stored or set; undefined: none. */
  owner: string | undefined
  /** How many keys `set` and `flash` accept, and how long. */
  readonly limits: KeyLimits
}

/** A fresh, empty state for a session that is not stored yet. */
export function newSessionState(
  id: string,
  fieldTtl = true,
  limits: KeyLimits = DEFAULT_KEY_LIMITS,
): SessionState {
  return {
    id,
    loadedId: id,
    loadedStorageId: undefined,
    isNew: true,
    stored: NO_FIELDS,
    storedSize: 0,
    saved: undefined,
    changes: NO_CHANGES,
    regenerated: null,
    destroyed: false,
    lifetime: undefined,
    lifetimeChanged: false,
    expiresAt: undefined,
    fieldTtl,
    owner: undefined,
    limits,
  }
}

/** The encoded flash value under `key` that this request's load consumed, if any. */
export function flashValue(s: SessionState, key: string): string | undefined {
  const { stored } = s
  if (stored instanceof FieldTable && !stored.hasFlash) return undefined
  return stored.get(FLASH_FIELD_PREFIX + key)?.value
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

/**
 * Whether the stored field `name` would be a new key of the session, and the session already
 * holds `limits.maxKeys` keys (pending writes and flashes included). Keys are only counted
 * when a bound cannot settle it.
 */
export function keyLimitReached(s: SessionState, name: string): boolean {
  const bound = s.stored.size + (s.saved?.size ?? 0) + s.changes.size
  if (bound < s.limits.maxKeys) return false
  const keys = new Set<string>()
  for (const [key, field] of currentFields(s)) {
    if (field.expiresAt === undefined || field.expiresAt > Date.now()) keys.add(key)
  }
  for (const [key, change] of s.changes) {
    if (change === null) keys.delete(key)
    else keys.add(key)
  }
  return !keys.has(name) && keys.size >= s.limits.maxKeys
}

/** Forget every field, pending change and flash (destroyed, or gone from the store). */
export function clearFields(s: SessionState): void {
  s.stored = NO_FIELDS
  s.storedSize = 0
  s.saved = undefined
  s.changes = NO_CHANGES
}

/** Record a pending write of the field `name` (`null`: an unset). */
export function writeChange(s: SessionState, name: string, change: FieldWrite | null): void {
  if (s.changes === NO_CHANGES) s.changes = new Map()
  ;(s.changes as Map<string, FieldWrite | null>).set(name, change)
}

/**
 * A save wrote the pending changes at `now` (epoch ms): they join `saved`, flash writes aside
 * (a flash is for the next request). The first time, the map of changes becomes `saved`.
 */
export function commitChanges(s: SessionState, now: number): void {
  const changes = s.changes as Map<string, FieldWrite | StoredField | null>
  if (changes === NO_CHANGES) return
  s.changes = NO_CHANGES
  const saved = s.saved ?? (changes as Map<string, StoredField | null>)
  for (const [name, change] of changes as Map<string, FieldWrite | null>) {
    if (isFlashField(name)) {
      if (saved === changes) changes.delete(name)
    } else if (change === null) saved.set(name, null)
    else {
      const expiresAt = change.ttl === undefined ? undefined : now + change.ttl * 1000
      saved.set(name, { value: change.value, expiresAt })
    }
  }
  s.saved = saved
}

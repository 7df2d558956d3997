import type { FieldWrite, StoredField } from '../storage/driver.js'

/** Everything a Session knows; shared by the Session object and the storage that made it. */
export interface SessionState {
  /** The current session id (changed by regenerateId). */
  id: string
  /** The id the session was loaded or last saved under; equals `id` unless regenerated. */
  loadedId: string
  /** Storage id (hash) of `loadedId`, computed once. */
  loadedStorageId: string | undefined
  /** True until the session has been written to the store. */
  isNew: boolean
  /** User fields as loaded, by key. */
  readonly loaded: Map<string, StoredField>
  /** Flash values consumed by this request's load, by key (encoded). */
  readonly flashes: Map<string, string>
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
    loaded: new Map(),
    flashes: new Map(),
    changes: new Map(),
    regenerated: null,
    destroyed: false,
    lifetime: undefined,
    lifetimeChanged: false,
    expiresAt: undefined,
    fieldTtl,
  }
}

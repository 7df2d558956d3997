import type { FieldWrite, StoredField } from '../storage/driver.js'

/** Everything a Session knows; shared by the Session object and the storage that made it. */
export interface SessionState {
  /** The current session id (changed by regenerateId). */
  id: string
  /**
   * The session id the store holds this session under (as loaded, or as last saved); differs
   * from `id` only while a regeneration is pending.
   */
  loadedId: string
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
}

/** A fresh, empty state for a session that is not stored yet. */
export function newSessionState(id: string): SessionState {
  return {
    id,
    loadedId: id,
    isNew: true,
    loaded: new Map(),
    flashes: new Map(),
    changes: new Map(),
    regenerated: null,
    destroyed: false,
  }
}

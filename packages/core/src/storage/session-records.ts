import { SessionTooLargeError } from '../errors.js'
import { storageIdOf } from '../session/session-id.js'
import {
  clearFields,
  commitChanges,
  currentFields,
  type KeyLimits,
  newSessionState,
  type SessionState,
} from '../session/session-state.js'
import type { FieldWrite, SessionPatch, StoredRecord } from './driver.js'
import {
  CREATED_FIELD,
  LIFETIME_FIELD,
  OWNER_FIELD,
  OWNER_METADATA_FIELD,
} from './reserved-fields.js'
import { sizeOverLimit } from './session-size.js'

// How a session's state turns into the records and patches a driver stores, and back.

/** The state of a session loaded as `record` under the cookie value `id`. */
export function loadedState(
  id: string,
  storageId: string,
  record: StoredRecord,
  fieldTtl: boolean,
  limits: KeyLimits,
): SessionState {
  const s = newSessionState(id, fieldTtl, limits)
  s.isNew = false
  s.loadedStorageId = storageId
  s.expiresAt = record.expiresAt
  // The record's map is used as it is (a driver never changes what it returned), and nothing in
  // it is read before it is asked for: a flash this load consumed is looked up by `get`.
  s.stored = record.fields
  s.storedSize = record.size
  const lifetime = record.fields.get(LIFETIME_FIELD)
  if (lifetime !== undefined) s.lifetime = storedLifetime(lifetime.value)
  s.owner = record.fields.get(OWNER_FIELD)?.value
  return s
}

/** A stored lifetime, or undefined when the field holds anything but a whole number > 0. */
function storedLifetime(value: string): number | undefined {
  const seconds = Number(value)
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined
}

/** Storage id (hash) of the id the session was loaded or last saved under, computed once. */
export function loadedStorageId(s: SessionState): string {
  s.loadedStorageId ??= storageIdOf(s.loadedId)
  return s.loadedStorageId
}

/** The session's pending changes as a driver patch (new objects, the caller's to change). */
export function patchOf(s: SessionState): { set: Record<string, FieldWrite>; unset: string[] } {
  const set: Record<string, FieldWrite> = {}
  const unset: string[] = []
  for (const [name, change] of s.changes) {
    if (change === null) unset.push(name)
    else set[name] = change
  }
  return { set, unset }
}

/** `patch` plus the write of the session's lifetime when it changed. */
export function withLifetime(s: SessionState, patch: SessionPatch): SessionPatch {
  if (!s.lifetimeChanged) return patch
  return s.lifetime === undefined
    ? { set: patch.set, unset: [...patch.unset, LIFETIME_FIELD] }
    : { set: { ...patch.set, [LIFETIME_FIELD]: { value: String(s.lifetime) } }, unset: patch.unset }
}

/** The loaded fields that a regeneration without driver support copies to the new id. */
export function carriedFields(s: SessionState): Record<string, FieldWrite> {
  const now = Date.now()
  const fields: Record<string, FieldWrite> = {}
  for (const [name, field] of currentFields(s)) {
    if (s.changes.get(name) === null) continue
    if (field.expiresAt === undefined) fields[name] = { value: field.value }
    else if (field.expiresAt > now) {
      fields[name] = { value: field.value, ttl: Math.ceil((field.expiresAt - now) / 1000) }
    }
  }
  return fields
}

/**
 * Core's own fields of a record being created: its creation time, its own lifetime, and (when
 * it moves to a new id) its owner and the owner's metadata.
 */
export function reservedFields(s: SessionState): Record<string, FieldWrite> {
  return addReservedFields(s, {})
}

/** The fields of a new session's record: what was set, and core's own fields. */
export function newRecordFields(s: SessionState): Record<string, FieldWrite> {
  return addReservedFields(s, patchOf(s).set)
}

function addReservedFields(s: SessionState, fields: Record<string, FieldWrite>) {
  fields[CREATED_FIELD] = { value: String(Date.now()) }
  if (s.lifetime !== undefined) fields[LIFETIME_FIELD] = { value: String(s.lifetime) }
  for (const name of [OWNER_FIELD, OWNER_METADATA_FIELD]) {
    const field = s.changes.get(name) ?? s.saved?.get(name) ?? s.stored.get(name)
    if (field) fields[name] = { value: field.value }
  }
  return fields
}

/** Refuse a save that would leave the record larger than `maxSize`. */
export function assertFits(s: SessionState, maxSize: number): void {
  const size = sizeOverLimit(s, maxSize)
  if (size !== undefined) throw new SessionTooLargeError(size, maxSize)
}

/** The save wrote the session as `storageId`, living `lifetime` seconds: its cookie value. */
export function committed(s: SessionState, lifetime: number, storageId: string): string {
  const now = Date.now()
  commitChanges(s, now)
  s.isNew = false
  s.regenerated = null
  s.lifetimeChanged = false
  s.loadedId = s.id
  s.loadedStorageId = storageId
  s.expiresAt = now + lifetime * 1000
  return s.id
}

/**
 * The store no longer has the session (destroyed or expired meanwhile): it must not come back.
 * The cookie value that clears the cookie.
 */
export function gone(s: SessionState): string {
  s.destroyed = true
  s.isNew = true
  clearFields(s)
  s.regenerated = null
  s.lifetimeChanged = false
  s.expiresAt = undefined
  return ''
}

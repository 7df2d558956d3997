import { SessionStorageUnavailableError, SessionTooLargeError } from '../errors.js'
import { parseOptions } from '../options/parse-options.js'
import { Session, sessionStateOf } from '../session/session.js'
import { generateSessionId, isWellFormedSessionId, storageIdOf } from '../session/session-id.js'
import {
  clearFields,
  currentFields,
  newSessionState,
  type SessionState,
} from '../session/session-state.js'
import { Deadlines } from './deadlines.js'
import type { FieldWrite, SessionDriver, SessionPatch, StoredRecord } from './driver.js'
import { isRefreshDue } from './refresh-policy.js'
import {
  CREATED_FIELD,
  FLASH_FIELD_PREFIX,
  isFlashField,
  LIFETIME_FIELD,
  RESERVED_FIELD_PREFIX,
} from './reserved-fields.js'
import { sizeOverLimit } from './session-size.js'
import type { SessionStorage } from './session-storage.js'
import {
  coreStorageOptionsSchema,
  DEFAULT_MAX_SESSION_SIZE,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_REFRESH_AFTER,
  DEFAULT_SESSION_TTL,
  type SessionStorageOptions,
} from './storage-options.js'

/** Attempts at finding an unused id for a new session before giving up. */
const CREATE_ATTEMPTS = 3

/**
 * Build a complete `SessionStorage` from a field-level `SessionDriver`: every lifecycle rule
 * (fresh ids for unknown cookies, hashed storage ids, writing only what changed, no
 * resurrection, TTL refresh, size limits, timeouts) lives here, so a backend is only its driver.
 * Invalid `ttl`, `maxSize`, `timeout` or `refreshAfter` throw one `SessionConfigError`; other
 * options are the driver's and not looked at.
 */
export function createSessionStorage(
  driver: SessionDriver,
  options: SessionStorageOptions = {},
): SessionStorage {
  const {
    ttl = DEFAULT_SESSION_TTL,
    maxSize = DEFAULT_MAX_SESSION_SIZE,
    timeout = DEFAULT_OPERATION_TIMEOUT,
    refreshAfter = DEFAULT_REFRESH_AFTER,
  } = parseOptions(coreStorageOptionsSchema, options)

  const deadlines = new Deadlines(timeout)
  const fieldTtl = () => driver.capabilities.fieldTtl !== 'none'
  const fresh = () => new Session(newSessionState(generateSessionId(), fieldTtl()))

  /** Store a new record under the session's id (a new one if taken); its storage id. */
  const createRecord = async (s: SessionState, fields: Record<string, FieldWrite>) => {
    const lifetime = s.lifetime ?? ttl
    for (let attempt = 1; ; attempt++) {
      const id = storageIdOf(s.id)
      if (await deadlines.run('create', () => driver.create(id, fields, lifetime))) return id
      if (attempt === CREATE_ATTEMPTS) {
        throw new SessionStorageUnavailableError('Session storage refused every new session id')
      }
      s.id = generateSessionId()
    }
  }

  /** Move the session to its new id; the new storage id, or undefined when the old is gone. */
  const move = async (s: SessionState, patch: SessionPatch, deleteOld: boolean) => {
    const fromId = loadedStorageId(s)
    const lifetime = s.lifetime ?? ttl
    if (driver.move) {
      const toId = storageIdOf(s.id)
      const moved = await deadlines.run(
        'move',
        () => driver.move?.(fromId, toId, patch, lifetime, { deleteOld }) ?? Promise.resolve(false),
      )
      return moved ? toId : undefined
    }
    if (!(await deadlines.run('touch', () => driver.touch(fromId, lifetime)))) return undefined
    const toId = await createRecord(s, { ...carriedFields(s), ...patch.set, ...reservedFields(s) })
    if (deleteOld) await deadlines.run('destroy', () => driver.destroy(fromId))
    return toId
  }

  /** Apply the session's changes to its stored record; its storage id, or undefined when gone. */
  const update = async (s: SessionState, patch: SessionPatch) => {
    const id = loadedStorageId(s)
    const updated = await deadlines.run('update', () => driver.update(id, patch, s.lifetime ?? ttl))
    return updated ? id : undefined
  }

  return {
    get capabilities() {
      return driver.capabilities
    },
    ttl,
    refreshAfter,

    async read(cookieValue) {
      if (cookieValue === null || !isWellFormedSessionId(cookieValue)) return fresh()
      const storageId = storageIdOf(cookieValue)
      const record = await deadlines.run('read', () => driver.load(storageId, ttl))
      if (!record) return fresh()
      const s = loadedState(cookieValue, storageId, record, fieldTtl())
      const lifetime = s.lifetime ?? ttl
      const now = Date.now()
      if (isRefreshDue(record.expiresAt, lifetime, refreshAfter, now)) {
        if (!(await deadlines.run('touch', () => driver.touch(storageId, lifetime)))) {
          return fresh()
        }
        s.expiresAt = now + lifetime * 1000
      }
      return new Session(s)
    },

    async save(session) {
      const s = sessionStateOf(session)
      if (s.destroyed) {
        if (!s.isNew) await deadlines.run('destroy', () => driver.destroy(loadedStorageId(s)))
        s.isNew = true
        return ''
      }
      let storageId: string | undefined
      if (s.isNew) {
        if (s.changes.size === 0) return null
        assertFits(s, maxSize)
        storageId = await createRecord(s, { ...patchOf(s).set, ...reservedFields(s) })
      } else {
        if (s.changes.size === 0 && s.regenerated === null && !s.lifetimeChanged) return null
        assertFits(s, maxSize)
        const patch = patchOf(s)
        storageId = s.regenerated
          ? await move(s, withLifetime(s, patch), s.regenerated.deleteOld)
          : await update(s, withLifetime(s, patch))
        if (storageId === undefined) {
          markGone(s)
          return ''
        }
      }
      commit(s, s.lifetime ?? ttl, storageId)
      return s.id
    },

    async ready() {
      if (driver.ready) await deadlines.run('connect', () => driver.ready?.() ?? Promise.resolve())
      return driver.capabilities
    },

    close: () => {
      deadlines.clear()
      return driver.close()
    },
  }
}

function loadedStorageId(s: SessionState): string {
  s.loadedStorageId ??= storageIdOf(s.loadedId)
  return s.loadedStorageId
}

function loadedState(
  id: string,
  storageId: string,
  record: StoredRecord,
  fieldTtl: boolean,
): SessionState {
  const s = newSessionState(id, fieldTtl)
  s.isNew = false
  s.loadedStorageId = storageId
  s.expiresAt = record.expiresAt
  // The record's map is used as it is (a driver never changes what it returned): only its names
  // are looked at, for core's own fields; a value is only read when asked for.
  const fields = record.fields
  s.stored = fields
  for (const name of fields.keys()) {
    if (!name.startsWith(RESERVED_FIELD_PREFIX)) continue
    const value = fields.get(name)?.value ?? ''
    if (isFlashField(name)) {
      s.flashes ??= new Map()
      s.flashes.set(name.slice(FLASH_FIELD_PREFIX.length), value)
    } else if (name === LIFETIME_FIELD) s.lifetime = storedLifetime(value)
  }
  return s
}

/** A stored lifetime, or undefined when the field holds anything but a whole number > 0. */
function storedLifetime(value: string): number | undefined {
  const seconds = Number(value)
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined
}

function patchOf(s: SessionState): SessionPatch {
  const set: Record<string, FieldWrite> = {}
  const unset: string[] = []
  for (const [name, change] of s.changes) {
    if (change === null) unset.push(name)
    // An assignment to "__proto__" would set the object's prototype, not write a field.
    else if (name === '__proto__') Object.defineProperty(set, name, { value: change, ...OWN_FIELD })
    else set[name] = change
  }
  return { set, unset }
}

/** Attributes of a property made as an assignment makes one. */
const OWN_FIELD = { enumerable: true, writable: true, configurable: true } as const

/** `patch` plus the write of the session's lifetime when it changed. */
function withLifetime(s: SessionState, patch: SessionPatch): SessionPatch {
  if (!s.lifetimeChanged) return patch
  return s.lifetime === undefined
    ? { set: patch.set, unset: [...patch.unset, LIFETIME_FIELD] }
    : { set: { ...patch.set, [LIFETIME_FIELD]: { value: String(s.lifetime) } }, unset: patch.unset }
}

/** The loaded fields that a regeneration without driver support copies to the new id. */
function carriedFields(s: SessionState): Record<string, FieldWrite> {
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

/** Core's own fields of a record being created: its creation time and its own lifetime. */
function reservedFields(s: SessionState): Record<string, FieldWrite> {
  const fields: Record<string, FieldWrite> = { [CREATED_FIELD]: { value: String(Date.now()) } }
  if (s.lifetime !== undefined) fields[LIFETIME_FIELD] = { value: String(s.lifetime) }
  return fields
}

/** Refuse a save that would leave the record larger than `maxSize`. */
function assertFits(s: SessionState, maxSize: number): void {
  const size = sizeOverLimit(s, maxSize)
  if (size !== undefined) throw new SessionTooLargeError(size, maxSize)
}

function commit(s: SessionState, lifetime: number, storageId: string): void {
  const now = Date.now()
  for (const [name, change] of s.changes) {
    if (isFlashField(name)) continue
    s.saved ??= new Map()
    if (change === null) s.saved.set(name, null)
    else {
      const expiresAt = change.ttl === undefined ? undefined : now + change.ttl * 1000
      s.saved.set(name, { value: change.value, expiresAt })
    }
  }
  s.changes.clear()
  s.isNew = false
  s.regenerated = null
  s.lifetimeChanged = false
  s.loadedId = s.id
  s.loadedStorageId = storageId
  s.expiresAt = now + lifetime * 1000
}

/** The store no longer has the session (destroyed or expired meanwhile): it must not come back. */
function markGone(s: SessionState): void {
  s.destroyed = true
  s.isNew = true
  clearFields(s)
  s.regenerated = null
  s.lifetimeChanged = false
  s.expiresAt = undefined
}

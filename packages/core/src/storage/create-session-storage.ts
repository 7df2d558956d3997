import { SessionStorageUnavailableError, SessionTooLargeError } from '../errors.js'
import { parseOptions } from '../options/parse-options.js'
import { Session, sessionStateOf } from '../session/session.js'
import { generateSessionId, isWellFormedSessionId, storageIdOf } from '../session/session-id.js'
import { newSessionState, type SessionState } from '../session/session-state.js'
import type { FieldWrite, SessionDriver, SessionPatch, StoredFields } from './driver.js'
import {
  CREATED_FIELD,
  FLASH_FIELD_PREFIX,
  isFlashField,
  RESERVED_FIELD_PREFIX,
} from './reserved-fields.js'
import { applyPatch, recordSize } from './session-size.js'
import type { SessionStorage } from './session-storage.js'
import {
  coreStorageOptionsSchema,
  DEFAULT_MAX_SESSION_SIZE,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_SESSION_TTL,
  type SessionStorageOptions,
} from './storage-options.js'
import { withTimeout } from './with-timeout.js'

/** Attempts at finding an unused id for a new session before giving up. */
const CREATE_ATTEMPTS = 3

/**
 * Build a complete `SessionStorage` from a field-level `SessionDriver`: every lifecycle rule
 * (fresh ids for unknown cookies, hashed storage ids, writing only what changed, no
 * resurrection, size limits, timeouts) lives here, so a backend is only its driver. Invalid
 * `ttl`, `maxSize` or `timeout` throw one `SessionConfigError`; other options are the driver's
 * and not looked at.
 */
export function createSessionStorage(
  driver: SessionDriver,
  options: SessionStorageOptions = {},
): SessionStorage {
  const {
    ttl = DEFAULT_SESSION_TTL,
    maxSize = DEFAULT_MAX_SESSION_SIZE,
    timeout = DEFAULT_OPERATION_TIMEOUT,
  } = parseOptions(coreStorageOptionsSchema, options)

  const run = <T>(operation: string, call: () => Promise<T>) =>
    withTimeout(operation, timeout, call)

  const assertFits = (fields: Map<string, { value: string }>) => {
    const size = recordSize(fields)
    if (size > maxSize) throw new SessionTooLargeError(size, maxSize)
  }

  const createRecord = async (s: SessionState, fields: Record<string, FieldWrite>) => {
    for (let attempt = 1; ; attempt++) {
      const id = s.id
      if (await run('create', () => driver.create(storageIdOf(id), fields, ttl))) return
      if (attempt === CREATE_ATTEMPTS) {
        throw new SessionStorageUnavailableError('Session storage refused every new session id')
      }
      s.id = generateSessionId()
    }
  }

  const move = async (s: SessionState, patch: SessionPatch, deleteOld: boolean) => {
    const fromId = storageIdOf(s.loadedId)
    if (driver.move) {
      const toId = storageIdOf(s.id)
      return run(
        'move',
        () => driver.move?.(fromId, toId, patch, ttl, { deleteOld }) ?? Promise.resolve(false),
      )
    }
    const exists = await run('update', () => driver.update(fromId, { set: {}, unset: [] }, ttl))
    if (!exists) return false
    await createRecord(s, { ...carriedFields(s), ...patch.set, ...createdField() })
    if (deleteOld) await run('destroy', () => driver.destroy(fromId))
    return true
  }

  return {
    get capabilities() {
      return driver.capabilities
    },
    ttl,

    async read(cookieValue) {
      if (cookieValue === null || !isWellFormedSessionId(cookieValue)) return freshSession()
      const fields = await run('read', () => driver.load(storageIdOf(cookieValue), ttl))
      return fields ? new Session(loadedState(cookieValue, fields)) : freshSession()
    },

    async save(session) {
      const s = sessionStateOf(session)
      if (s.destroyed) {
        if (!s.isNew) await run('destroy', () => driver.destroy(storageIdOf(s.loadedId)))
        s.isNew = true
        return ''
      }
      const patch = patchOf(s)
      if (s.isNew) {
        if (s.changes.size === 0) return null
        assertFits(new Map(Object.entries(patch.set)))
        await createRecord(s, { ...patch.set, ...createdField() })
      } else {
        if (s.changes.size === 0 && s.regenerated === null) return null
        assertFits(applyPatch(s.loaded, patch))
        const stored = s.regenerated
          ? await move(s, patch, s.regenerated.deleteOld)
          : await run('update', () => driver.update(storageIdOf(s.id), patch, ttl))
        if (!stored) {
          markGone(s)
          return ''
        }
      }
      commit(s)
      return s.id
    },

    close: () => driver.close(),
  }
}

function freshSession(): Session {
  return new Session(newSessionState(generateSessionId()))
}

function loadedState(id: string, fields: StoredFields): SessionState {
  const s = newSessionState(id)
  s.isNew = false
  const now = Date.now()
  for (const [name, field] of Object.entries(fields)) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) continue
    if (isFlashField(name)) s.flashes.set(name.slice(FLASH_FIELD_PREFIX.length), field.value)
    else if (!name.startsWith(RESERVED_FIELD_PREFIX)) s.loaded.set(name, field)
  }
  return s
}

function patchOf(s: SessionState): SessionPatch {
  const set: Record<string, FieldWrite> = {}
  const unset: string[] = []
  for (const [name, change] of s.changes) {
    if (change === null) unset.push(name)
    else set[name] = change
  }
  return { set, unset }
}

/** The loaded fields that a regeneration without driver support copies to the new id. */
function carriedFields(s: SessionState): Record<string, FieldWrite> {
  const now = Date.now()
  const fields: Record<string, FieldWrite> = {}
  for (const [name, field] of s.loaded) {
    if (s.changes.get(name) === null) continue
    if (field.expiresAt === undefined) fields[name] = { value: field.value }
    else if (field.expiresAt > now) {
      fields[name] = { value: field.value, ttl: Math.ceil((field.expiresAt - now) / 1000) }
    }
  }
  return fields
}

function createdField(): Record<string, FieldWrite> {
  return { [CREATED_FIELD]: { value: String(Date.now()) } }
}

function commit(s: SessionState): void {
  const now = Date.now()
  for (const [name, change] of s.changes) {
    if (isFlashField(name)) continue
    if (change === null) s.loaded.delete(name)
    else {
      const expiresAt = change.ttl === undefined ? undefined : now + change.ttl * 1000
      s.loaded.set(name, { value: change.value, expiresAt })
    }
  }
  s.changes.clear()
  s.isNew = false
  s.regenerated = null
  s.loadedId = s.id
}

/** The store no longer has the session (destroyed or expired meanwhile): it must not come back. */
function markGone(s: SessionState): void {
  s.destroyed = true
  s.isNew = true
  s.changes.clear()
  s.loaded.clear()
  s.flashes.clear()
  s.regenerated = null
}

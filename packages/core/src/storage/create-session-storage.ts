import {
  type StorageOperation,
  storageChannels,
  traceStorageOperation,
} from '../diagnostics/storage-channels.js'
import { SessionStorageUnavailableError } from '../errors.js'
import { parseOptions } from '../options/parse-options.js'
import { Session, sessionStateOf } from '../session/session.js'
import { generateSessionId, isWellFormedSessionId, storageIdOf } from '../session/session-id.js'
import { newSessionState, type SessionState } from '../session/session-state.js'
import { Deadlines } from './deadlines.js'
import type { FieldWrite, SessionDriver, SessionPatch, StoredRecord } from './driver.js'
import { enumeration } from './enumeration.js'
import { ownerOperations } from './owner-operations.js'
import { isRefreshDue } from './refresh-policy.js'
import {
  assertFits,
  carriedFields,
  committed,
  gone,
  loadedState,
  loadedStorageId,
  newRecordFields,
  patchOf,
  reservedFields,
  withLifetime,
} from './session-records.js'
import type { SessionStorage } from './session-storage.js'
import {
  coreStorageOptionsSchema,
  DEFAULT_MAX_KEY_LENGTH,
  DEFAULT_MAX_KEYS,
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
 * Invalid `ttl`, `maxSize`, `maxKeys`, `maxKeyLength`, `timeout` or `refreshAfter` throw one `SessionConfigError`; other
 * options are the driver's and not looked at.
 */
export function createSessionStorage(
  driver: SessionDriver,
  options: SessionStorageOptions = {},
): SessionStorage {
  const {
    ttl = DEFAULT_SESSION_TTL,
    maxSize = DEFAULT_MAX_SESSION_SIZE,
    maxKeys = DEFAULT_MAX_KEYS,
    maxKeyLength = DEFAULT_MAX_KEY_LENGTH,
    timeout = DEFAULT_OPERATION_TIMEOUT,
    refreshAfter = DEFAULT_REFRESH_AFTER,
  } = parseOptions(coreStorageOptionsSchema, options)

  const deadlines = new Deadlines(timeout)
  const backend = driver.name ?? 'custom'
  const fieldTtl = () => driver.capabilities.fieldTtl !== 'none'
  const limits = { maxKeys, maxKeyLength }
  const fresh = () => new Session(newSessionState(generateSessionId(), fieldTtl(), limits))

  // The paths every request takes (read, and save of a change) chain the driver's promise
  // through `deadlines.run` instead of awaiting in async functions: no suspended frame to keep.

  /** The session of a loaded record, once its TTL is refreshed if due. */
  const opened = (
    cookieValue: string,
    storageId: string,
    record: StoredRecord,
  ): Session | Promise<Session> => {
    const s = loadedState(cookieValue, storageId, record, fieldTtl(), limits)
    const lifetime = s.lifetime ?? ttl
    const now = Date.now()
    if (!isRefreshDue(record.expiresAt, lifetime, refreshAfter, now)) return new Session(s)
    return deadlines.run(
      'touch',
      () => driver.touch(storageId, lifetime, s.owner),
      (touched) => {
        if (!touched) return fresh()
        s.expiresAt = now + lifetime * 1000
        return new Session(s)
      },
    )
  }

  /** Store a new record under the session's id (a new one if taken); its storage id. */
  const createRecord = async (s: SessionState, fields: Record<string, FieldWrite>) => {
    const lifetime = s.lifetime ?? ttl
    for (let attempt = 1; ; attempt++) {
      const id = storageIdOf(s.id)
      if (await deadlines.run('create', () => driver.create(id, fields, lifetime, s.owner))) {
        return id
      }
      if (attempt === CREATE_ATTEMPTS) {
        throw new SessionStorageUnavailableError('Session storage refused every new session id')
      }
      s.id = generateSessionId()
    }
  }

  /** Store a new session; its cookie value. */
  const create = async (s: SessionState) => {
    const storageId = await createRecord(s, newRecordFields(s))
    return committed(s, s.lifetime ?? ttl, storageId)
  }

  /** Move the session to its new id; its cookie value, or '' when the old record is gone. */
  const move = async (s: SessionState, patch: SessionPatch, deleteOld: boolean) => {
    const fromId = loadedStorageId(s)
    const lifetime = s.lifetime ?? ttl
    if (driver.move) {
      const toId = storageIdOf(s.id)
      const moved = await deadlines.run(
        'move',
        () =>
          driver.move?.(fromId, toId, patch, lifetime, { deleteOld, owner: s.owner }) ??
          Promise.resolve(false),
      )
      return moved ? committed(s, lifetime, toId) : gone(s)
    }
    const owner = s.owner
    if (!(await deadlines.run('touch', () => driver.touch(fromId, lifetime, owner)))) return gone(s)
    const toId = await createRecord(s, { ...carriedFields(s), ...patch.set, ...reservedFields(s) })
    if (deleteOld) await deadlines.run('destroy', () => driver.destroy(fromId, owner))
    return committed(s, lifetime, toId)
  }

  /** Apply the session's changes to its record; its cookie value, or '' when it is gone. */
  const update = (s: SessionState, patch: SessionPatch) => {
    const id = loadedStorageId(s)
    const lifetime = s.lifetime ?? ttl
    return deadlines.run(
      'update',
      () => driver.update(id, patch, lifetime, s.owner),
      (updated) => (updated ? committed(s, lifetime, id) : gone(s)),
    )
  }

  /** Remove the session from the store; '' (clear the cookie). */
  const destroy = async (s: SessionState) => {
    if (!s.isNew) {
      await deadlines.run('destroy', () => driver.destroy(loadedStorageId(s), s.owner))
    }
    s.isNew = true
    return ''
  }

  const owners = ownerOperations(driver, deadlines, ttl)

  /** The stored session of a verified cookie value, or a new one. */
  const load = (cookieValue: string) => {
    const storageId = storageIdOf(cookieValue)
    return deadlines.run(
      'read',
      () => driver.load(storageId, ttl),
      (record) => (record === null ? fresh() : opened(cookieValue, storageId, record)),
    )
  }

  /** Write a session that `storeOperationOf` found something to store for. */
  const write = (s: SessionState, operation: StorageOperation): Promise<string> => {
    try {
      if (operation === 'destroy') return destroy(s)
      assertFits(s, maxSize)
      if (s.isNew) return create(s)
      const patch = withLifetime(s, patchOf(s))
      return s.regenerated ? move(s, patch, s.regenerated.deleteOld) : update(s, patch)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  return {
    get capabilities() {
      return driver.capabilities
    },
    ...owners,
    ttl,
    refreshAfter,

    read(cookieValue) {
      if (cookieValue === null || !isWellFormedSessionId(cookieValue)) {
        return Promise.resolve(fresh())
      }
      if (!storageChannels.read.hasSubscribers) return load(cookieValue)
      return traceStorageOperation(
        storageChannels.read,
        backend,
        'read',
        () => load(cookieValue),
        (session) => (session.isNew ? 'missing' : 'found'),
      )
    },

    save(session) {
      let s: SessionState
      try {
        s = sessionStateOf(session)
      } catch (error) {
        return Promise.reject(error)
      }
      const operation = storeOperationOf(s)
      if (operation === null) return s.destroyed ? destroy(s) : Promise.resolve(null)
      const channel = storageChannels[operation]
      if (!channel.hasSubscribers) return write(s, operation)
      const outcome = s.isNew ? 'created' : OUTCOMES[operation]
      return traceStorageOperation(
        channel,
        backend,
        operation,
        () => write(s, operation),
        (cookie) => (cookie === '' && operation !== 'destroy' ? 'gone' : outcome),
      )
    },

    async ready() {
      if (driver.ready) await deadlines.run('connect', () => driver.ready?.() ?? Promise.resolve())
      return driver.capabilities
    },

    ...enumeration(driver, deadlines, ttl),

    close: () => {
      deadlines.close()
      return driver.close()
    },
  }
}

/** What a save of the session asks of the store; `null` when nothing (not even a destroy). */
function storeOperationOf(s: SessionState): Exclude<StorageOperation, 'read'> | null {
  if (s.destroyed) return s.isNew ? null : 'destroy'
  if (s.isNew) return s.changes.size === 0 ? null : 'save'
  if (s.regenerated) return 'regenerate'
  return s.changes.size === 0 && !s.lifetimeChanged ? null : 'save'
}

/** The outcome of a save of a stored session that was not found gone. */
const OUTCOMES = { save: 'updated', regenerate: 'regenerated', destroy: 'destroyed' } as const

import { SessionDataError, SessionUnsupportedError } from '../errors.js'
import { type Session, type SessionMetadata, sessionStateOf } from '../session/session.js'
import type { Deadlines } from './deadlines.js'
import type { OwnedRecord, OwnerSupport, SessionDriver } from './driver.js'
import { CREATED_FIELD, LIFETIME_FIELD, OWNER_METADATA_FIELD } from './reserved-fields.js'
import { loadedStorageId } from './session-records.js'

/** One session of an owner, as `SessionStorage.listSessions` shows it. */
export interface OwnedSessionInfo {
  /**
   * Non-secret handle of the session, for `revokeSession`: its storage id (a SHA-256 of the
   * session id), from which the cookie value cannot be found.
   */
  readonly handle: string
  /** When the session was created, epoch ms (undefined for records older than that field). */
  readonly createdAt: number | undefined
  /**
   * When the session was last seen, epoch ms: the last save or TTL restart, so it lags the
   * last request by at most the storage's `refreshAfter` share of the session's lifetime.
   */
  readonly lastSeenAt: number
  /** When the session expires unless used again, epoch ms. */
  readonly expiresAt: number
  /** The metadata given to `setOwner` (e.g. `{ userAgent }`); `{}` when none. */
  readonly metadata: SessionMetadata
  /** True for the session given as `current` to `listSessions`. */
  readonly current: boolean
}

/** Options of `SessionStorage.listSessions`. */
export interface ListSessionsOptions {
  /** The session of this request, marked `current` in the list. */
  readonly current?: Session | undefined
}

/** Options of `SessionStorage.revokeAllSessions`. */
export interface RevokeAllSessionsOptions {
  /** A session to keep (e.g. the one that asked: "sign out every other device"). */
  readonly except?: Session | undefined
}

/** The owner operations of a `SessionStorage`. */
export interface OwnerOperations {
  /**
   * The live sessions of `owner`, newest first. Needs `capabilities.owners === 'list'`, else
   * rejects with `SessionUnsupportedError`.
   */
  listSessions(owner: string, options?: ListSessionsOptions): Promise<OwnedSessionInfo[]>
  /**
   * End the session of `owner` whose handle `listSessions` gave: gone on its very next request
   * on every app server. `false` when it is not one of the owner's live sessions. Needs
   * `capabilities.owners === 'list'`.
   */
  revokeSession(owner: string, handle: string): Promise<boolean>
  /**
   * End every session of `owner` (log out everywhere), except `options.except`: each is gone on
   * its very next request. Resolves with the number ended when the backend knows it (else 0).
   * Needs `capabilities.owners` 'list' or 'revoke-all'.
   */
  revokeAllSessions(owner: string, options?: RevokeAllSessionsOptions): Promise<number>
}

const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** The owner operations of the storage built on `driver`, checked against its capabilities. */
export function ownerOperations(
  driver: SessionDriver,
  deadlines: Deadlines,
  ttl: number,
): OwnerOperations {
  const support = (): OwnerSupport => driver.capabilities.owners ?? 'none'
  const refuse = (what: string, needed: string) =>
    Promise.reject(
      new SessionUnsupportedError(
        `This session storage cannot ${what}: it needs capabilities.owners ${needed}, and this backend reports '${support()}'`,
      ),
    )

  return {
    listSessions(owner, options = {}) {
      try {
        checkOwner(owner)
        const list = driver.listOwnerSessions
        if (support() !== 'list' || !list) return refuse("list a user's sessions", "'list'")
        const current = currentHandle(options.current)
        return deadlines.run(
          'list sessions',
          () => list.call(driver, owner),
          (records) => records.map((record) => infoOf(record, ttl, current)).sort(newestFirst),
        )
      } catch (error) {
        return Promise.reject(error)
      }
    },

    revokeSession(owner, handle) {
      try {
        checkOwner(owner)
        if (typeof handle !== 'string' || !HANDLE_PATTERN.test(handle)) {
          throw new SessionDataError('Not a session handle given by listSessions')
        }
        const revoke = driver.revokeOwnerSession
        if (support() !== 'list' || !revoke) return refuse('revoke one session', "'list'")
        return deadlines.run('revoke session', () => revoke.call(driver, owner, handle))
      } catch (error) {
        return Promise.reject(error)
      }
    },

    revokeAllSessions(owner, options = {}) {
      try {
        checkOwner(owner)
        const revoke = driver.revokeOwnerSessions
        if (support() === 'none' || !revoke) {
          return refuse("revoke a user's sessions", "'list' or 'revoke-all'")
        }
        const except = currentHandle(options.except)
        return deadlines.run('revoke all sessions', () => revoke.call(driver, owner, except))
      } catch (error) {
        return Promise.reject(error)
      }
    },
  }
}

function checkOwner(owner: string): void {
  if (typeof owner !== 'string' || owner === '') {
    throw new SessionDataError('A session owner must be a non-empty string')
  }
}

/** The handle of a stored session, or undefined for none or one not stored yet. */
function currentHandle(session: Session | undefined): string | undefined {
  if (session === undefined) return undefined
  const s = sessionStateOf(session)
  return s.isNew ? undefined : loadedStorageId(s)
}

function infoOf(record: OwnedRecord, ttl: number, current: string | undefined): OwnedSessionInfo {
  const created = Number(record.fields.get(CREATED_FIELD)?.value)
  const lifetime = Number(record.fields.get(LIFETIME_FIELD)?.value)
  const seconds = Number.isSafeInteger(lifetime) && lifetime > 0 ? lifetime : ttl
  return {
    handle: record.id,
    createdAt: Number.isFinite(created) ? created : undefined,
    lastSeenAt: record.expiresAt - seconds * 1000,
    expiresAt: record.expiresAt,
    metadata: metadataOf(record.fields.get(OWNER_METADATA_FIELD)?.value),
    current: record.id === current,
  }
}

/** Stored metadata as an object of strings; `{}` when absent or not such an object. */
function metadataOf(text: string | undefined): SessionMetadata {
  if (text === undefined) return {}
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    )
  } catch {
    return {}
  }
}

function newestFirst(a: OwnedSessionInfo, b: OwnedSessionInfo): number {
  return (b.createdAt ?? 0) - (a.createdAt ?? 0) || b.lastSeenAt - a.lastSeenAt
}

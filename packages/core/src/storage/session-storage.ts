import type { AnySession, Session } from '../session/session.js'
import type { DriverCapabilities } from './driver.js'

/** What a storage can do; at least how per-field TTL is enforced. */
export interface SessionStorageCapabilities extends DriverCapabilities {}

/** The interface every sessionkit backend implements. */
export interface SessionStorage {
  /** What this storage can do. */
  readonly capabilities: SessionStorageCapabilities
  /** Default session TTL in seconds (a session may have its own lifetime). */
  readonly ttl: number
  /**
   * Share of a session's TTL (0 to 1) that must have passed since the store last restarted it
   * before a read restarts it again. A stored session therefore expires between
   * `ttl * (1 - refreshAfter)` and `ttl` seconds after the last request; `session.expiresAt`
   * always says when, and the cookie follows it.
   */
  readonly refreshAfter: number
  /**
   * The session for a (signature-verified) cookie value. A missing, malformed, unknown or
   * expired value gives a new session with a fresh id. Refreshes the session TTL when due.
   */
  read(cookieValue: string | null): Promise<Session>
  /**
   * Write what changed. Resolves `null` when there is nothing to send, `''` when the cookie
   * must be cleared (destroyed, or gone from the store meanwhile), else the cookie value to set.
   */
  save(session: AnySession): Promise<string | null>
  /**
   * Resolves with the capabilities once the store answered (connection made, features
   * detected); rejects with `SessionStorageUnavailableError` within the timeout when it cannot.
   * Optional to call: operations wait for the connection by themselves.
   */
  ready(): Promise<SessionStorageCapabilities>
  /**
   * Optional: every stored session's data (user keys only), as an admin operation
   * (express-session's `Store.all`), not for a request's path. Each record is loaded as a
   * request would load it: a flash value waiting in it is consumed. Rejects with
   * `SessionUnsupportedError` when the backend cannot enumerate (memcached).
   */
  list?(): AsyncIterable<StoredSessionData>
  /** Optional: how many sessions are stored (see `list`). */
  count?(): Promise<number>
  /** Optional: remove every stored session of this storage (its prefix only; see `list`). */
  clear?(): Promise<void>
  /** Release what the storage owns (connections, timers). */
  close(): Promise<void>
}

/** One stored session as `SessionStorage.list` gives it. */
export interface StoredSessionData {
  /** Its user keys and values. */
  readonly data: Readonly<Record<string, unknown>>
  /** Epoch ms at which it expires unless refreshed. */
  readonly expiresAt: number
}

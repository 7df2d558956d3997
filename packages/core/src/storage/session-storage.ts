import type { Session } from '../session/session.js'
import type { DriverCapabilities } from './driver.js'

/** What a storage can do; at least how per-field TTL is enforced. */
export interface SessionStorageCapabilities extends DriverCapabilities {}

/** The interface every sessionkit backend implements. */
export interface SessionStorage {
  /** What this storage can do. */
  readonly capabilities: SessionStorageCapabilities
  /** Session TTL in seconds; cookies should carry the same Max-Age. */
  readonly ttl: number
  /**
   * The session for a (signature-verified) cookie value. A missing, malformed, unknown or
   * expired value gives a new session with a fresh id. Slides the session TTL.
   */
  read(cookieValue: string | null): Promise<Session>
  /**
   * Write what changed. Resolves `null` when there is nothing to send, `''` when the cookie
   * must be cleared (destroyed, or gone from the store meanwhile), else the cookie value to set.
   */
  save(session: Session): Promise<string | null>
  /** Release what the storage owns (connections, timers). */
  close(): Promise<void>
}

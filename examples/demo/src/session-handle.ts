import { storageIdOf } from '@sessionkit/core/driver'

/** Characters of the handle shown. */
const HANDLE_LENGTH = 8

/**
 * A short, non-secret handle for a session id, fit to show and to log: the start of the id's
 * SHA-256, which the store keys the session by. It cannot be turned back into the id, so it
 * cannot be replayed as a cookie; the raw id is never shown or logged.
 */
export function sessionHandle(sessionId: string): string {
  return storageIdOf(sessionId).slice(0, HANDLE_LENGTH)
}

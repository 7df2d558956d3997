import { SessionError, SessionStorageUnavailableError } from '@sessionkit/core'

/**
 * `error` as a `SessionStorageUnavailableError` naming the operation. Only the client error's
 * message is kept: client errors carry the command's arguments (keys, session values), which
 * must not travel into logs with the error's cause.
 */
export function unavailable(operation: string, error: unknown): SessionError {
  if (error instanceof SessionError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SessionStorageUnavailableError(`Redis session ${operation} failed: ${reason}`)
}

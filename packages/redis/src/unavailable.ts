import { SessionError, SessionStorageUnavailableError } from '@sessionkit/core'

/**
 * `error` as a `SessionStorageUnavailableError` naming the operation, and the last connection
 * error if there is one. Only the client error's message is kept: client errors carry the
 * command's arguments (keys, session values), which must not travel into logs with the
 * error's cause.
 */
export function unavailable(
  operation: string,
  error: unknown,
  connectionError?: string,
): SessionError {
  if (error instanceof SessionError) return error
  const reason = error instanceof Error ? error.message : String(error)
  const why =
    connectionError && connectionError !== reason ? ` (connection: ${connectionError})` : ''
  return new SessionStorageUnavailableError(`Redis session ${operation} failed: ${reason}${why}`)
}

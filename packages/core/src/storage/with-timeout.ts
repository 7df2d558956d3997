import { SessionError, SessionStorageUnavailableError } from '../errors.js'

/**
 * Run one storage operation, rejecting with `SessionStorageUnavailableError` when it takes
 * longer than `timeoutMs` or fails with anything that is not already a `SessionError`.
 */
export async function withTimeout<T>(
  operation: string,
  timeoutMs: number,
  run: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new SessionStorageUnavailableError(
          `Session storage ${operation} timed out after ${timeoutMs} ms`,
        ),
      )
    }, timeoutMs)
  })
  try {
    return await Promise.race([run(), timeout])
  } catch (error) {
    if (error instanceof SessionError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new SessionStorageUnavailableError(`Session storage ${operation} failed: ${reason}`, {
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
}

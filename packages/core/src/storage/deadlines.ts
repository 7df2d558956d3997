import { SessionError, SessionStorageUnavailableError } from '../errors.js'
import { TimeoutQueue } from './timeout-queue.js'

/**
 * Bounds storage operations by one shared timeout without a timer per call (a `TimeoutQueue`):
 * an operation that takes longer is rejected with `SessionStorageUnavailableError`.
 */
export class Deadlines {
  private readonly queue: TimeoutQueue

  constructor(timeoutMs: number) {
    this.queue = new TimeoutQueue(timeoutMs)
  }

  /**
   * `call()`'s result, or a `SessionStorageUnavailableError` once `timeoutMs` passed or when it
   * fails with anything that is not already a `SessionError`. With `next`, what `next` makes of
   * the result (in the same promise: no extra one for the caller to chain).
   */
  run<T>(operation: string, call: () => T | Promise<T>): Promise<T>
  run<T, R>(
    operation: string,
    call: () => T | Promise<T>,
    next: (value: T) => R | Promise<R>,
  ): Promise<R>
  run<T, R>(
    operation: string,
    call: () => T | Promise<T>,
    next?: (value: T) => R | Promise<R>,
  ): Promise<T | R> {
    let started: T | Promise<T>
    try {
      started = call()
    } catch (error) {
      return Promise.reject(unavailable(operation, error))
    }
    // An answer that is already there (an in-process driver) has nothing left to time out.
    if (!isPromiseLike(started)) {
      try {
        return Promise.resolve(next === undefined ? started : next(started))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const pending = started
    return new Promise<T | R>((resolve, reject) => {
      const { queue } = this
      const entry = queue.add(() =>
        reject(
          new SessionStorageUnavailableError(
            `Session storage ${operation} timed out after ${queue.timeoutMs} ms`,
          ),
        ),
      )
      pending.then(
        (value) => {
          if (!queue.settle(entry)) return
          if (next === undefined) resolve(value)
          else {
            try {
              resolve(next(value))
            } catch (error) {
              reject(error)
            }
          }
        },
        (error: unknown) => {
          if (queue.settle(entry)) reject(unavailable(operation, error))
        },
      )
    })
  }

  /** Keep no timer once nothing is pending (the storage closes); pending operations stay bounded. */
  close(): void {
    this.queue.close()
  }
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
}

function unavailable(operation: string, error: unknown): unknown {
  if (error instanceof SessionError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SessionStorageUnavailableError(`Session storage ${operation} failed: ${reason}`, {
    cause: error,
  })
}

import { SessionError, SessionStorageUnavailableError } from '../errors.js'

interface Pending {
  readonly operation: string
  readonly deadline: number
  readonly reject: (error: unknown) => void
  settled: boolean
  /** False once `clear()` forgot it: it no longer counts as pending. */
  counted: boolean
  next: Pending | undefined
}

/**
 * Bounds storage operations by one shared timeout without a timer per call. Operations of one
 * storage all get the same timeout, so their deadlines come in the order they started: they
 * wait in a FIFO queue, and a single timer, due no later than the oldest unsettled deadline,
 * rejects those whose deadline passed.
 *
 * The timer is not cleared when the last pending operation settles: it is unref'd (it no
 * longer keeps the process alive) and reused by the next operation, whose deadline is later
 * than the time it is due. When it fires with nothing pending it is dropped. So a stream of
 * operations one at a time arms a timer once per timeout, not once per call.
 */
export class Deadlines {
  private head: Pending | undefined
  private tail: Pending | undefined
  private pending = 0
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly timeoutMs: number) {}

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
      const entry = this.enqueue(operation, reject)
      pending.then(
        (value) => {
          if (!this.settle(entry)) return
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
          if (this.settle(entry)) reject(unavailable(operation, error))
        },
      )
    })
  }

  /** Stop the timer and forget every pending operation (they can no longer time out). */
  clear(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    // Those still pending answer as they will, outside the count: the next operation must find
    // nothing pending and arm the timer.
    for (let entry = this.head; entry; entry = entry.next) entry.counted = false
    this.head = undefined
    this.tail = undefined
    this.pending = 0
  }

  private enqueue(operation: string, reject: (error: unknown) => void): Pending {
    const entry: Pending = {
      operation,
      deadline: Date.now() + this.timeoutMs,
      reject,
      settled: false,
      counted: true,
      next: undefined,
    }
    if (this.tail) this.tail.next = entry
    else this.head = entry
    this.tail = entry
    if (this.pending++ === 0) {
      if (this.timer) this.timer.ref()
      else this.timer = setTimeout(this.expire, this.timeoutMs)
    }
    return entry
  }

  /** Mark `entry` settled; false when it was already (it timed out, or the storage closed). */
  private settle(entry: Pending): boolean {
    if (entry.settled) return false
    entry.settled = true
    if (!entry.counted) return true
    if (--this.pending === 0) {
      this.head = undefined
      this.tail = undefined
      this.timer?.unref()
      return true
    }
    // Operations mostly finish in the order they started: drop settled ones from the front so
    // that the queue holds about as many entries as are pending.
    while (this.head?.settled) this.head = this.head.next
    if (!this.head) this.tail = undefined
    return true
  }

  private expire = (): void => {
    this.timer = undefined
    const now = Date.now()
    let entry = this.head
    while (entry && (entry.settled || entry.deadline <= now)) {
      if (!entry.settled) {
        entry.settled = true
        this.pending--
        entry.reject(
          new SessionStorageUnavailableError(
            `Session storage ${entry.operation} timed out after ${this.timeoutMs} ms`,
          ),
        )
      }
      entry = entry.next
    }
    this.head = entry
    if (!entry) this.tail = undefined
    if (this.pending > 0 && entry) {
      this.timer = setTimeout(this.expire, Math.max(1, entry.deadline - now))
    }
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

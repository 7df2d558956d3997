import { SessionError, SessionStorageUnavailableError } from '../errors.js'

interface Pending {
  readonly operation: string
  readonly deadline: number
  readonly reject: (error: unknown) => void
  settled: boolean
  next: Pending | undefined
}

/**
 * Bounds storage operations by one shared timeout without a timer per call. Operations of one
 * storage all get the same timeout, so their deadlines come in the order they started: they
 * wait in a FIFO queue, and a single timer, armed for the oldest unsettled one, rejects those
 * whose deadline passed. The timer exists only while an operation is pending.
 */
export class Deadlines {
  private head: Pending | undefined
  private tail: Pending | undefined
  private pending = 0
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly timeoutMs: number) {}

  /**
   * `call()`'s result, or a `SessionStorageUnavailableError` once `timeoutMs` passed or when it
   * fails with anything that is not already a `SessionError`.
   */
  run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        operation,
        deadline: Date.now() + this.timeoutMs,
        reject,
        settled: false,
        next: undefined,
      }
      if (this.tail) this.tail.next = entry
      else this.head = entry
      this.tail = entry
      if (this.pending++ === 0) this.arm(this.timeoutMs)
      const settle = () => {
        entry.settled = true
        if (--this.pending === 0) return this.disarm()
        // Operations mostly finish in the order they started: drop settled ones from the front
        // so that the queue holds about as many entries as are pending.
        while (this.head?.settled) this.head = this.head.next
        if (!this.head) this.tail = undefined
      }
      let started: Promise<T>
      try {
        started = call()
      } catch (error) {
        started = Promise.reject(error)
      }
      started.then(
        (value) => {
          if (entry.settled) return
          settle()
          resolve(value)
        },
        (error: unknown) => {
          if (entry.settled) return
          settle()
          reject(unavailable(operation, error))
        },
      )
    })
  }

  /** Stop the timer and forget every pending operation (they can no longer time out). */
  clear(): void {
    this.disarm()
    this.pending = 0
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
    if (this.pending > 0 && entry) this.arm(Math.max(1, entry.deadline - now))
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.expire, ms)
  }

  private disarm(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.head = undefined
    this.tail = undefined
  }
}

function unavailable(operation: string, error: unknown): unknown {
  if (error instanceof SessionError) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SessionStorageUnavailableError(`Session storage ${operation} failed: ${reason}`, {
    cause: error,
  })
}

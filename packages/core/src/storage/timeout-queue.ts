/** One waiting call in a `TimeoutQueue`: hand it back to `settle` when its answer comes. */
export interface Waiting {
  readonly deadline: number
  readonly onTimeout: () => void
  settled: boolean
  next: Waiting | undefined
}

/**
 * Times out calls that all get the same timeout, with one timer instead of one per call. Their
 * deadlines come in the order they started, so they wait in a FIFO queue, and a single timer,
 * due no later than the oldest unsettled deadline, calls `onTimeout` of those whose deadline
 * passed.
 *
 * The timer is not cleared when the last waiting call settles: it is unref'd (it no longer
 * keeps the process alive) and reused by the next call, whose deadline is later than the time
 * it is due. When it fires with nothing waiting it is dropped. So calls made one at a time arm
 * a timer once per timeout, not once per call. Once closed, the timer is dropped as soon as
 * nothing waits.
 */
export class TimeoutQueue {
  private head: Waiting | undefined
  private tail: Waiting | undefined
  private waiting = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    /** Milliseconds each call may take. */
    readonly timeoutMs: number,
  ) {}

  /** Start timing a call: `onTimeout` runs once `timeoutMs` passed unless `settle` came first. */
  add(onTimeout: () => void): Waiting {
    const entry: Waiting = {
      deadline: Date.now() + this.timeoutMs,
      onTimeout,
      settled: false,
      next: undefined,
    }
    if (this.tail) this.tail.next = entry
    else this.head = entry
    this.tail = entry
    if (this.waiting++ === 0) {
      if (this.timer) this.timer.ref()
      else this.timer = setTimeout(this.expire, this.timeoutMs)
    }
    return entry
  }

  /** The call of `entry` answered: true, or false when it had timed out already (or settled). */
  settle(entry: Waiting): boolean {
    if (entry.settled) return false
    entry.settled = true
    if (--this.waiting === 0) {
      this.head = undefined
      this.tail = undefined
      if (this.closed) this.dropTimer()
      else this.timer?.unref()
      return true
    }
    // Calls mostly answer in the order they started: drop settled ones from the front so that
    // the queue holds about as many entries as are waiting.
    while (this.head?.settled) this.head = this.head.next
    if (!this.head) this.tail = undefined
    return true
  }

  /**
   * Keep no timer once nothing waits (the owner closes): calls still waiting keep their
   * deadlines, and the timer goes with the last of them.
   */
  close(): void {
    this.closed = true
    if (this.waiting === 0) this.dropTimer()
  }

  private dropTimer(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private expire = (): void => {
    this.timer = undefined
    const now = Date.now()
    let entry = this.head
    while (entry && (entry.settled || entry.deadline <= now)) {
      if (!entry.settled) {
        entry.settled = true
        this.waiting--
        entry.onTimeout()
      }
      entry = entry.next
    }
    this.head = entry
    if (!entry) this.tail = undefined
    if (this.waiting > 0 && entry) {
      this.timer = setTimeout(this.expire, Math.max(1, entry.deadline - now))
    }
  }
}

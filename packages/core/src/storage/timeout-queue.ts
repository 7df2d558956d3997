/** One waiting call in a `TimeoutQueue`: hand it back to `settle` when its answer comes. */
export interface Waiting {
  readonly deadline: number
  /** Dropped once settled, so that a settled entry keeps nothing of its call alive. */
  onTimeout: () => void
  settled: boolean
  next: Waiting | undefined
}

const SETTLED = () => {}

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
 *
 * An entry leaving the front of the queue is unlinked from the next. Otherwise an entry that
 * lived long enough to reach V8's old generation would, once dead, still hold the next entry
 * alive through every young-generation collection until the next full one, and that entry the
 * one after it: under steady load every call's closures and answers were promoted (measured:
 * scavenges 4 ms instead of 0.8, a full collection every second).
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

  /** How many calls wait (added, neither settled nor timed out). */
  get size(): number {
    return this.waiting
  }

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
    entry.onTimeout = SETTLED
    // Calls mostly answer in the order they started: dropping settled ones from the front keeps
    // the queue about as long as the number waiting.
    this.dropSettledFront()
    if (--this.waiting === 0) {
      if (this.closed) this.dropTimer()
      else this.timer?.unref()
    }
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

  /** Unlink the settled entries at the front of the queue. */
  private dropSettledFront(): void {
    let entry = this.head
    while (entry?.settled) {
      const next = entry.next
      entry.next = undefined
      entry = next
    }
    this.head = entry
    if (!entry) this.tail = undefined
  }

  private expire = (): void => {
    this.timer = undefined
    const now = Date.now()
    // The front entry is always one still waiting: settled ones leave the front as they settle.
    while (this.head && this.head.deadline <= now) {
      const entry = this.head
      const onTimeout = entry.onTimeout
      entry.settled = true
      entry.onTimeout = SETTLED
      this.waiting--
      this.dropSettledFront()
      onTimeout()
    }
    if (this.head) this.timer = setTimeout(this.expire, Math.max(1, this.head.deadline - now))
  }
}

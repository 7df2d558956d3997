import type { SessionStorage } from '@sessionkit/core'

/** The storage calls a `FailingStorage` can be told to fail. */
export type FailingOperation = 'read' | 'save'

/**
 * A storage whose reads or saves fail on command, for testing error paths (a save of a session
 * with nothing to write makes no call, so it never fails).
 */
export interface FailingStorage extends SessionStorage {
  /** From now on, reject every `operation` with `error` (until `heal`). */
  fail(operation: FailingOperation, error: Error): void
  /** Stop failing. */
  heal(): void
  /** How many calls failed on command so far. */
  readonly failures: number
  /** How many saves had something to write (failed ones included). */
  readonly writes: number
}

/**
 * `inner`, with reads and saves that fail on command (`fail('save', error)`); everything else,
 * and every call while healed, goes to `inner` unchanged.
 */
export function withFailures(inner: SessionStorage): FailingStorage {
  const failing = new Map<FailingOperation, Error>()
  let failures = 0
  let writes = 0
  const check = (operation: FailingOperation) => {
    const error = failing.get(operation)
    if (error === undefined) return
    failures++
    throw error
  }
  return {
    get capabilities() {
      return inner.capabilities
    },
    ttl: inner.ttl,
    refreshAfter: inner.refreshAfter,
    ready: () => inner.ready(),
    close: () => inner.close(),
    get failures() {
      return failures
    },
    get writes() {
      return writes
    },
    fail(operation: FailingOperation, error: Error) {
      failing.set(operation, error)
    },
    heal() {
      failing.clear()
    },
    async read(cookieValue: string | null) {
      check('read')
      return inner.read(cookieValue)
    },
    async save(session: Parameters<SessionStorage['save']>[0]) {
      // A real storage makes no call for a session with nothing to write.
      if (session.dirty) {
        writes++
        check('save')
      }
      return inner.save(session)
    },
  }
}

/** Resolve after `ms` milliseconds (real timers). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** What became of a promise raced against a deadline. */
export type Settled<T> =
  | { readonly state: 'resolved'; readonly value: T; readonly ms: number }
  | { readonly state: 'rejected'; readonly error: unknown; readonly ms: number }
  | { readonly state: 'pending'; readonly ms: number }

/**
 * Wait for `promise` at most `limitMs` milliseconds and tell how it settled and after how
 * long; `pending` when it had not settled by then (it is left running, never awaited again).
 */
export async function settleWithin<T>(
  promise: T | Promise<T>,
  limitMs: number,
): Promise<Settled<T>> {
  const start = performance.now()
  const elapsed = () => Math.round(performance.now() - start)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'pending', ms: elapsed() }), limitMs)
  })
  // A driver's answer may also be given at once, not as a promise.
  const outcome = Promise.resolve(promise).then(
    (value): Settled<T> => ({ state: 'resolved', value, ms: elapsed() }),
    (error: unknown): Settled<T> => ({ state: 'rejected', error, ms: elapsed() }),
  )
  try {
    return await Promise.race([outcome, deadline])
  } finally {
    clearTimeout(timer)
  }
}

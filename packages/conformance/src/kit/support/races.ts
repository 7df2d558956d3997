import { sleep } from './time.js'

/**
 * How long after the first of two racing operations the second starts: in the same tick, on
 * the next turn of the event loop, or some milliseconds later (a round trip to a local server
 * takes about one), so that each can overlap any step of the other.
 */
export const RACE_GAPS = ['same tick', 'next turn', 1, 3, 8] as const

/** One of `RACE_GAPS`. */
export type RaceGap = (typeof RACE_GAPS)[number]

/** Which of the two racing operations starts first. */
export const RACE_ORDERS = ['first', 'second'] as const

/** How a racing operation ended. */
export type RaceOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown }

/**
 * Start `a`, then `b` after `gap` (or `b` first when `order` is 'second'), and wait for both.
 * Neither outcome is thrown: the caller decides what each may be.
 */
export async function race<A, B>(
  gap: RaceGap,
  order: (typeof RACE_ORDERS)[number],
  a: () => A | Promise<A>,
  b: () => B | Promise<B>,
): Promise<[RaceOutcome<A>, RaceOutcome<B>]> {
  // A driver may answer at once (a throw then is its failure) or with a promise.
  const settle = <T>(start: () => T | Promise<T>) =>
    new Promise<T>((resolve) => resolve(start())).then(
      (value): RaceOutcome<T> => ({ ok: true, value }),
      (error: unknown): RaceOutcome<T> => ({ ok: false, error }),
    )
  const later = async <T>(start: () => T | Promise<T>) => {
    if (gap === 'next turn') await new Promise((resolve) => setImmediate(resolve))
    // Real milliseconds even on a simulated clock: the gap is about interleaving, not expiry.
    else if (gap !== 'same tick') await sleep(gap)
    return settle(start)
  }
  if (order === 'first') return Promise.all([settle(a), later(b)])
  const [second, first] = await Promise.all([settle(b), later(a)])
  return [first, second]
}

/** Every combination of gap and order, `rounds` times: the interleavings a race case tries. */
export function raceVariants(
  rounds = 1,
): { readonly gap: RaceGap; readonly order: (typeof RACE_ORDERS)[number] }[] {
  const variants = []
  for (let round = 0; round < rounds; round++) {
    for (const gap of RACE_GAPS) for (const order of RACE_ORDERS) variants.push({ gap, order })
  }
  return variants
}

/** A short label of a variant, for failure messages. */
export function variantLabel(variant: { gap: RaceGap; order: string }): string {
  const gap = typeof variant.gap === 'number' ? `${variant.gap} ms` : variant.gap
  return `${variant.order === 'first' ? 'in order' : 'reversed'}, ${gap} apart`
}

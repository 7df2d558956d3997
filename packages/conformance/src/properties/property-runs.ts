import type { Parameters } from 'fast-check'

/**
 * fast-check parameters for a property test: `numRuns` from `SESSIONKIT_PROPERTY_RUNS` (else
 * `quickRuns`, sized for CI), a fixed `seed` from `SESSIONKIT_PROPERTY_SEED` to replay a failure.
 * A failure's message names its seed and path (fast-check's own report).
 */
export function propertyParameters<T>(quickRuns: number): Parameters<T> {
  const runs = Number(process.env.SESSIONKIT_PROPERTY_RUNS)
  const seed = Number(process.env.SESSIONKIT_PROPERTY_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : quickRuns,
    ...(process.env.SESSIONKIT_PROPERTY_SEED && Number.isSafeInteger(seed) && { seed }),
  }
}

import type { Parameters } from 'fast-check'

/**
 * fast-check parameters: `numRuns` from `SESSIONKIT_PROPERTY_RUNS` (else `quickRuns`, sized
 * for CI), `seed` from `SESSIONKIT_PROPERTY_SEED` to replay a failure, whose message names its
 * seed. (The same as @sessionkit/conformance/properties, which core cannot depend on.)
 */
export function propertyParameters<T>(quickRuns: number): Parameters<T> {
  const runs = Number(process.env.SESSIONKIT_PROPERTY_RUNS)
  const seed = Number(process.env.SESSIONKIT_PROPERTY_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : quickRuns,
    ...(process.env.SESSIONKIT_PROPERTY_SEED && Number.isSafeInteger(seed) && { seed }),
  }
}

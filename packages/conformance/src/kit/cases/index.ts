import type { ConformanceCase } from '../case.js'
import { availabilityCases } from './availability.js'
import { closeCases } from './close.js'
import { concurrencyCases } from './concurrency.js'
import { contractCases } from './contract.js'
import { isolationCases } from './isolation.js'
import { lifecycleCases } from './lifecycle.js'
import { limitsCases } from './limits.js'
import { persistenceCases } from './persistence.js'
import { robustnessCases } from './robustness.js'
import { ttlCases } from './ttl.js'

/**
 * Every conformance case, in the order the suite lists them: the close case first (it runs
 * alone), the timed ones last.
 */
export const conformanceCases: readonly ConformanceCase[] = [
  ...closeCases,
  ...contractCases,
  ...persistenceCases,
  ...lifecycleCases,
  ...robustnessCases,
  ...concurrencyCases,
  ...limitsCases,
  ...isolationCases,
  ...availabilityCases,
  ...ttlCases,
]

/** The case with this id; throws for an unknown id. */
export function getConformanceCase(id: string): ConformanceCase {
  const found = conformanceCases.find((kase) => kase.id === id)
  if (!found) throw new Error(`No conformance case "${id}"`)
  return found
}

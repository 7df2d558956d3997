import type { DriverConformanceCase } from '../driver-case.js'
import { driverAvailabilityCases } from './availability.js'
import { driverCloseCases } from './close.js'
import { driverContractCases } from './contract.js'
import { driverCreateCases } from './create.js'
import { driverExpiryCases } from './expiry.js'
import { driverFieldTtlCases } from './field-ttl.js'
import { driverLoadCases } from './load.js'
import { driverMoveCases } from './move.js'
import { driverRaceCases } from './races.js'
import { driverTouchCases } from './touch.js'
import { driverUpdateCases } from './update.js'

/**
 * Every driver conformance case, in the order the suite lists them (those that run alone
 * are moved first when planned).
 */
export const driverConformanceCases: readonly DriverConformanceCase[] = [
  ...driverCloseCases,
  ...driverContractCases,
  ...driverCreateCases,
  ...driverLoadCases,
  ...driverUpdateCases,
  ...driverTouchCases,
  ...driverMoveCases,
  ...driverRaceCases,
  ...driverAvailabilityCases,
  ...driverExpiryCases,
  ...driverFieldTtlCases,
]

/** The driver case with this id; throws for an unknown id. */
export function getDriverConformanceCase(id: string): DriverConformanceCase {
  const found = driverConformanceCases.find((kase) => kase.id === id)
  if (!found) throw new Error(`No driver conformance case "${id}"`)
  return found
}

import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import type { CaseClock } from '../clock.js'
import type { DriverConformanceTarget } from '../driver-target.js'
import type { ConformanceTarget } from '../target.js'
import {
  createReferenceDriver,
  createReferenceServer,
  type ReferenceServer,
  withoutMove,
} from './reference-driver.js'
import { createSilentDriver, createTimingOutDriver } from './unreachable-drivers.js'

/** Turns a reference driver (on `server`, under `prefix`) into a broken one. */
export type DriverWrapper = (
  driver: SessionDriver,
  server: ReferenceServer,
  prefix: string,
) => SessionDriver

/** How a reference target is made. */
export interface ReferenceTargetOptions {
  /** Give its drivers a `move` (default: none, so core regenerates ids by create then destroy). */
  readonly move?: boolean
  /** Turns each driver into a broken one (default: leaves it correct). */
  readonly wrap?: DriverWrapper
  /** The clock of the target (default: real time). */
  readonly clock?: CaseClock
}

/**
 * A target whose storages are built by core's `createSessionStorage` over reference drivers
 * on one shared pretend server; `wrap` turns each driver into a broken one.
 */
export function referenceTarget(
  name: string,
  { wrap = (driver) => driver, clock, move = false }: ReferenceTargetOptions = {},
): ConformanceTarget {
  const server = createReferenceServer()
  return {
    name,
    createStorage: ({ prefix, ...options }) =>
      createSessionStorage(wrap(referenceDriver(server, prefix, move), server, prefix), options),
    createUnreachableStorage: (options) => createSessionStorage(createSilentDriver(), options),
    capabilities: { fieldTtl: 'native', owners: 'list' },
    ...(clock ? { clock } : {}),
  }
}

/** The driver-level target of the same reference drivers (and broken ones, with `wrap`). */
export function referenceDriverTarget(
  name: string,
  { wrap = (driver) => driver, clock, move = false }: ReferenceTargetOptions = {},
): DriverConformanceTarget {
  const server = createReferenceServer()
  return {
    name,
    createDriver: ({ prefix }) => wrap(referenceDriver(server, prefix, move), server, prefix),
    createUnreachableDriver: ({ timeout }) => createTimingOutDriver(timeout),
    capabilities: { fieldTtl: 'native', owners: 'list' },
    ...(clock ? { clock } : {}),
  }
}

function referenceDriver(server: ReferenceServer, prefix: string, move: boolean): SessionDriver {
  const driver = createReferenceDriver(server, prefix)
  return move ? driver : withoutMove(driver)
}

import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import type { CaseClock } from '../clock.js'
import type { DriverConformanceTarget } from '../driver-target.js'
import type { ConformanceTarget } from '../target.js'
import {
  createReferenceDriver,
  createReferenceServer,
  type ReferenceDriverOptions,
  type ReferenceServer,
} from './reference-driver.js'
import { createSilentDriver, createTimingOutDriver } from './unreachable-drivers.js'

/** Turns a reference driver (on `server`, under `prefix`) into a broken one. */
export type DriverWrapper = (
  driver: SessionDriver,
  server: ReferenceServer,
  prefix: string,
) => SessionDriver

/** How a reference target is made. */
export interface ReferenceTargetOptions extends ReferenceDriverOptions {
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
  { wrap = (driver) => driver, clock, ...driverOptions }: ReferenceTargetOptions = {},
): ConformanceTarget {
  const server = createReferenceServer()
  return {
    name,
    createStorage: ({ prefix, ...options }) =>
      createSessionStorage(
        wrap(createReferenceDriver(server, prefix, driverOptions), server, prefix),
        options,
      ),
    createUnreachableStorage: (options) => createSessionStorage(createSilentDriver(), options),
    capabilities: { fieldTtl: 'native' },
    ...(clock ? { clock } : {}),
  }
}

/** The driver-level target of the same reference drivers (and broken ones, with `wrap`). */
export function referenceDriverTarget(
  name: string,
  { wrap = (driver) => driver, clock, ...driverOptions }: ReferenceTargetOptions = {},
): DriverConformanceTarget {
  const server = createReferenceServer()
  return {
    name,
    createDriver: ({ prefix }) =>
      wrap(createReferenceDriver(server, prefix, driverOptions), server, prefix),
    createUnreachableDriver: ({ timeout }) => createTimingOutDriver(timeout),
    capabilities: { fieldTtl: 'native' },
    ...(clock ? { clock } : {}),
  }
}

import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import type { ConformanceTarget } from '../target.js'
import {
  createReferenceDriver,
  createReferenceServer,
  createSilentDriver,
  type ReferenceServer,
} from './reference-driver.js'

/** Turns a reference driver (on `server`, under `prefix`) into a broken one. */
export type DriverWrapper = (
  driver: SessionDriver,
  server: ReferenceServer,
  prefix: string,
) => SessionDriver

/**
 * A target whose storages are built by core's `createSessionStorage` over reference drivers
 * on one shared pretend server; `wrap` turns each driver into a broken one.
 */
export function referenceTarget(
  name: string,
  wrap: DriverWrapper = (driver) => driver,
): ConformanceTarget {
  const server = createReferenceServer()
  return {
    name,
    createStorage: ({ prefix, ...options }) =>
      createSessionStorage(wrap(createReferenceDriver(server, prefix), server, prefix), options),
    createUnreachableStorage: (options) => createSessionStorage(createSilentDriver(), options),
    capabilities: { fieldTtl: 'native' },
  }
}

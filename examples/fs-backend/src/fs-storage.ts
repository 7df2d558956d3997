import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, type SessionStorageOptions } from '@sessionkit/core/driver'
import { createFsDriver, type FsDriverOptions } from './fs-driver.js'

/** Options of `createFsSessionStorage`: the driver's and core's. */
export interface FsSessionStorageOptions extends SessionStorageOptions, FsDriverOptions {}

/**
 * Session storage in files, one JSON file per session: core's `createSessionStorage` adds every
 * lifecycle rule (ids, dirty tracking, flash, regeneration, size limit, timeouts) to the driver.
 */
export function createFsSessionStorage(options: FsSessionStorageOptions): SessionStorage {
  return createSessionStorage(createFsDriver(options), options)
}

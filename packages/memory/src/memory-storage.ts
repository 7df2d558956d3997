import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, type SessionStorageOptions } from '@sessionkit/core/driver'
import { createMemoryDriver, type MemoryDriverOptions } from './memory-driver.js'

/** Options of `createMemorySessionStorage`. */
export interface MemorySessionStorageOptions extends SessionStorageOptions, MemoryDriverOptions {}

/**
 * Session storage inside this process: an LRU bounded by session count and bytes, with
 * expiry on read and a periodic sweep. Sessions do not survive a restart and are not shared
 * between processes; use it for development, tests and single-process apps.
 */
export function createMemorySessionStorage(
  options: MemorySessionStorageOptions = {},
): SessionStorage {
  return createSessionStorage(createMemoryDriver(options), options)
}

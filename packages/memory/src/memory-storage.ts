import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, parseOptions } from '@sessionkit/core/driver'
import { memoryDriver } from './memory-driver.js'
import { type MemoryOptions, memoryOptionsSchema } from './options.js'

/**
 * Session storage inside this process: an LRU bounded by session count and bytes, with
 * expiry on read and a periodic sweep. Sessions do not survive a restart and are not shared
 * between processes; use it for development, tests and single-process apps. Throws one
 * `SessionConfigError` listing every invalid option.
 */
export function createMemorySessionStorage(options: MemoryOptions = {}): SessionStorage {
  const checked = parseOptions(memoryOptionsSchema, options)
  return createSessionStorage(memoryDriver(checked), checked)
}

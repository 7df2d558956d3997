import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, parseOptions } from '@sessionkit/core/driver'
import { memcacheDriver } from './memcache-driver.js'
import { type MemcacheOptions, memcacheOptionsSchema } from './options.js'

/**
 * Session storage on memcached: one item per session on the server a ketama consistent-hash
 * ring picks, read with one get-and-touch (sliding TTL), saved with CAS, per-field TTLs
 * emulated. Invalid options throw one `SessionConfigError` listing every problem.
 */
export function createMemcacheSessionStorage(options: MemcacheOptions): SessionStorage {
  const checked = parseOptions(memcacheOptionsSchema, options)
  return createSessionStorage(memcacheDriver(checked), checked)
}

import { SessionConfigError, type SessionStorage } from '@sessionkit/core'
import { createSessionStorage } from '@sessionkit/core/driver'
import { createMemcacheDriver } from './memcache-driver.js'
import { type MemcacheSessionStorageOptions, memcacheOptionIssues } from './options.js'

/**
 * Session storage on memcached: one item per session on the server a ketama consistent-hash
 * ring picks, read with one get-and-touch (sliding TTL), saved with CAS, per-field TTLs
 * emulated. Invalid options throw one `SessionConfigError` listing every problem.
 */
export function createMemcacheSessionStorage(
  options: MemcacheSessionStorageOptions,
): SessionStorage {
  const issues = memcacheOptionIssues(options)
  if (issues.length > 0) throw new SessionConfigError(issues)
  return createSessionStorage(createMemcacheDriver(options), options)
}

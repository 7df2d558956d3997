import { createSessionStorage, SessionConfigError, type SessionStorage } from '@sessionkit/core'
import { type RedisSessionStorageOptions, redisOptionIssues } from './options.js'
import { createRedisDriver } from './redis-driver.js'

/**
 * Session storage in Redis or Valkey: one hash per session, each save one round trip that
 * writes only the changed fields, per-field TTL native or emulated. Give a `url` (the matching
 * client package is loaded on demand) or an existing `client`, which is left open on `close`.
 * Throws `SessionConfigError` listing every problem with `options`.
 */
export function createRedisSessionStorage(options: RedisSessionStorageOptions): SessionStorage {
  const issues = redisOptionIssues(options)
  if (issues.length > 0) throw new SessionConfigError(issues)
  const { ttl, maxSize, timeout, refreshAfter, ...driverOptions } = options
  const driver = createRedisDriver({ ...driverOptions, timeout })
  return createSessionStorage(driver, { ttl, maxSize, timeout, refreshAfter })
}

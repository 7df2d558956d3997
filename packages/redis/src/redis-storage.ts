import {
  SessionConfigError,
  type SessionStorage,
  type SessionStorageCapabilities,
} from '@sessionkit/core'
import { createSessionStorage } from '@sessionkit/core/driver'
import { type RedisSessionStorageOptions, redisOptionIssues } from './options.js'
import { createRedisDriver } from './redis-driver.js'

/** A Redis / Valkey `SessionStorage`, with a way to wait for its connection. */
export interface RedisSessionStorage extends SessionStorage {
  /**
   * Resolves once the server answered and per-field TTL support is known (then
   * `capabilities` is final for this connection); rejects like an operation would.
   * Optional: operations wait for the connection by themselves.
   */
  ready(): Promise<SessionStorageCapabilities>
}

/**
 * Session storage in Redis or Valkey: one hash per session, each save one round trip that
 * writes only the changed fields, per-field TTL native or emulated. Give a `url` (the matching
 * client package is loaded on demand) or an existing `client`, which is left open on `close`.
 * Throws `SessionConfigError` listing every problem with `options`.
 */
export function createRedisSessionStorage(
  options: RedisSessionStorageOptions,
): RedisSessionStorage {
  const issues = redisOptionIssues(options)
  if (issues.length > 0) throw new SessionConfigError(issues)
  const { ttl, maxSize, timeout, ...driverOptions } = options
  const driver = createRedisDriver({ ...driverOptions, timeout })
  const storage = createSessionStorage(driver, { ttl, maxSize, timeout })
  return Object.assign(storage, { ready: () => driver.ready() })
}

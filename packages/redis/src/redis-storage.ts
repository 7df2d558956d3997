import type { SessionStorage, SessionStorageCapabilities } from '@sessionkit/core'
import { createSessionStorage, parseOptions } from '@sessionkit/core/driver'
import { type RedisOptions, redisOptionsSchema } from './options.js'
import { redisDriver } from './redis-driver.js'

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
 * Throws one `SessionConfigError` listing every problem with `options`.
 */
export function createRedisSessionStorage(options: RedisOptions): RedisSessionStorage {
  const checked = parseOptions(redisOptionsSchema, options)
  const driver = redisDriver(checked)
  const storage = createSessionStorage(driver, checked)
  return Object.assign(storage, { ready: () => driver.ready() })
}

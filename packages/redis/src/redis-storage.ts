import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, parseOptions } from '@sessionkit/core/driver'
import { type RedisOptions, redisOptionsSchema } from './options.js'
import { redisDriver } from './redis-driver.js'

/**
 * Session storage in Redis or Valkey: one hash per session, each save one round trip that
 * writes only the changed fields, per-field TTL native or emulated. Give a `url` (the matching
 * client package is loaded on demand) or an existing `client`, which is left open on `close`.
 * Throws one `SessionConfigError` listing every problem with `options`.
 */
export function createRedisSessionStorage(options: RedisOptions): SessionStorage {
  const checked = parseOptions(redisOptionsSchema, options)
  return createSessionStorage(redisDriver(checked), checked)
}

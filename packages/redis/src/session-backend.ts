import { defineSessionBackend } from '@sessionkit/core/driver'
import { redisOptionsSchema } from './options.js'
import { createRedisSessionStorage } from './redis-storage.js'

/**
 * The Redis / Valkey backend for core's config loader: `redis://`, `rediss://`, `valkey://` and
 * `valkeys://` URLs (`[user][:password]@host[:port][/db]`, options in the query).
 */
export const sessionBackend = defineSessionBackend({
  optionsSchema: redisOptionsSchema,
  urlOptions: (url) => ({ url: url.base }),
  create: createRedisSessionStorage,
})

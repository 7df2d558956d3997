import { SessionConfigError } from '@sessionkit/core'
import { defineSessionBackend } from '@sessionkit/core/driver'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { memcacheOptionsSchema } from './options.js'

/**
 * The memcache backend for core's config loader:
 * `memcache://[user:password@]host[:port][,host[:port]...][?options]`, port 11211 by default.
 */
export const sessionBackend = defineSessionBackend({
  optionsSchema: memcacheOptionsSchema,
  urlOptions(url) {
    if (url.path !== '' && url.path !== '/') {
      throw new SessionConfigError([
        'memcache:// URLs take no path: memcache://[user:password@]host[:port][,host[:port]...]',
      ])
    }
    return {
      servers: url.hosts === '' ? [] : url.hosts.split(','),
      ...(url.username !== undefined && { username: url.username }),
      ...(url.password !== undefined && { password: url.password }),
    }
  },
  create: createMemcacheSessionStorage,
})

import { SessionConfigError } from '@sessionkit/core'
import { defineSessionBackend } from '@sessionkit/core/driver'
import { createMemorySessionStorage } from './memory-storage.js'
import { memoryOptionsSchema } from './options.js'

/** The memory backend for core's config loader: `memory://?ttl=3600&max=10000`. */
export const sessionBackend = defineSessionBackend({
  optionsSchema: memoryOptionsSchema,
  urlOptions(url) {
    if (
      url.hosts !== '' ||
      (url.path !== '' && url.path !== '/') ||
      url.username !== undefined ||
      url.password !== undefined
    ) {
      throw new SessionConfigError([
        'memory:// takes no host, path or credentials: options go in its query (memory://?ttl=3600)',
      ])
    }
    return {}
  },
  create: createMemorySessionStorage,
})

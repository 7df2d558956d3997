import type { ConnectionOptions } from 'node:tls'
import {
  MAX_INT32,
  sessionStorageOptionsShape,
  wholeNumber,
  withOptionRules,
  z,
} from '@sessionkit/core/driver'
import { CLIENT_LIBRARIES, type RedisClientLike } from './clients/client-types.js'
import { parseConnectionUrl } from './clients/connection-url.js'
import { isRedisClient } from './clients/given-client.js'

/** Default bounds of the record cache. */
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024

/** Options that only apply to a connection this package opens from `url`. */
const CONNECTION_OPTIONS = [
  'library',
  'connectTimeout',
  'commandTimeout',
  'username',
  'password',
  'tls',
  'sentinelUsername',
  'sentinelPassword',
] as const

/**
 * The Redis / Valkey backend's options, for `createRedisSessionStorage` and
 * `createRedisDriver` alike: core's common ones, where to connect (`url` or `client`) and how.
 */
export const redisOptionsSchema = withOptionRules(
  z.strictObject({
    ...sessionStorageOptionsShape,
    /** Prefix of every key (default 'session:'); no '{' or '}' (they would change the hash slot). */
    prefix: sessionStorageOptionsShape.prefix.refine(
      (prefix) => prefix === undefined || !/[{}]/.test(prefix),
      { error: "must not contain '{' or '}' (they would change the hash slot)" },
    ),
    /**
     * Server URL: `redis://`, `rediss://` (TLS), `valkey://` or `valkeys://` (TLS);
     * `[username][:password]@` and a `/db` path are read from it. Or Sentinels:
     * `redis+sentinel://[user:password@]host:26379,host2:26379/primary-name[/db]`
     * (`valkey+sentinel://` picks iovalkey).
     */
    url: z.string({ error: 'must be a string' }).optional(),
    /**
     * The client package for `url`: 'redis' (node-redis; the default for redis:// and
     * rediss://), 'ioredis', or 'iovalkey' (the default for valkey:// and valkeys://).
     */
    library: z
      .enum(CLIENT_LIBRARIES, { error: `must be one of ${CLIENT_LIBRARIES.join(', ')}` })
      .optional(),
    /**
     * An existing client, never closed by the storage: node-redis (`createClient`,
     * `createCluster`), or an ioredis / iovalkey `Redis` or `Cluster`.
     */
    client: z
      .custom<RedisClientLike>(isRedisClient, {
        error: 'must be a node-redis client or cluster, or an ioredis / iovalkey Redis or Cluster',
      })
      .optional(),
    /**
     * Keep the last known state of each session this storage saw, checked against the server's
     * version on every read (default true): a read of an unchanged session then fetches two
     * small fields instead of the whole hash.
     */
    cache: z.boolean({ error: 'must be true or false' }).optional(),
    /** Most sessions the cache keeps (default 10000). */
    cacheMaxEntries: wholeNumber('sessions', 1, MAX_INT32).optional(),
    /** About the most memory the cache takes, in bytes (default 64 MiB). */
    cacheMaxBytes: wholeNumber('bytes', 1024, Number.MAX_SAFE_INTEGER).optional(),
    /** Ms to wait for a connection to be established (with `url`; default 10000). */
    connectTimeout: wholeNumber('ms', 1, MAX_INT32).optional(),
    /** Ms after which a single command fails (with `url`; default `timeout`). */
    commandTimeout: wholeNumber('ms', 1, MAX_INT32).optional(),
    /** ACL user name (with `url`; overrides the URL's). */
    username: z.string({ error: 'must be a string' }).optional(),
    /** Password (with `url`; overrides the URL's). */
    password: z.string({ error: 'must be a string' }).optional(),
    /** ACL user name on the Sentinels (with a `redis+sentinel://` or `valkey+sentinel://` url). */
    sentinelUsername: z.string({ error: 'must be a string' }).optional(),
    /** Password on the Sentinels (with a `redis+sentinel://` or `valkey+sentinel://` url). */
    sentinelPassword: z.string({ error: 'must be a string' }).optional(),
    /** TLS: true, or Node TLS options (with `url`; rediss:// and valkeys:// imply `true`). */
    tls: z
      .union([z.boolean(), z.custom<ConnectionOptions>(isObject)], {
        error: 'must be true, false or an object of Node TLS options',
      })
      .optional(),
  }),
  (options, report) => {
    const { url, client, tls } = options
    if (url !== undefined && client !== undefined) report('', 'give either url or client, not both')
    if (url === undefined && client === undefined) report('', 'url or client is required')
    if (typeof url === 'string') {
      const target = parseConnectionUrl(url)
      if ('issues' in target) for (const issue of target.issues) report('url', issue)
      else if (target.tls && tls === false) report('tls', 'false contradicts the TLS scheme of url')
      else if (target.sentinel && tls !== undefined && tls !== false) {
        report('tls', 'is not supported with Sentinel urls')
      } else if (!target.sentinel) {
        for (const name of ['sentinelUsername', 'sentinelPassword'] as const) {
          if (options[name] !== undefined) report(name, 'applies to Sentinel urls only')
        }
      }
    }
    if (client !== undefined) {
      for (const name of CONNECTION_OPTIONS) {
        if (options[name] !== undefined) report(name, 'applies to url, not to client')
      }
    }
  },
)

/** Options of `createRedisSessionStorage` and `createRedisDriver`. Give either `url` or `client`. */
export type RedisOptions = z.input<typeof redisOptionsSchema>

/** Redis options once checked. */
export type CheckedRedisOptions = z.output<typeof redisOptionsSchema>

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

import type { ConnectionOptions } from 'node:tls'
import {
  MAX_INT32,
  sessionStorageOptionsShape,
  wholeNumber,
  withOptionRules,
  z,
} from '@sessionkit/core/driver'
import type { RedisClientLike } from './client-types.js'
import { parseConnectionUrl } from './connection-url.js'

/** Options that only apply to a connection this package opens from `url`. */
const CONNECTION_OPTIONS = [
  'connectTimeout',
  'commandTimeout',
  'username',
  'password',
  'tls',
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
     * Server URL: `redis://` or `rediss://` (TLS) use ioredis, `valkey://` or `valkeys://` use
     * iovalkey; `[username][:password]@` and a `/db` path are read from it.
     */
    url: z.string({ error: 'must be a string' }).optional(),
    /** An existing ioredis / iovalkey `Redis` or `Cluster` client; the storage does not close it. */
    client: z
      .custom<RedisClientLike>(isClient, {
        error: 'must be an ioredis or iovalkey Redis or Cluster instance',
      })
      .optional(),
    /** Ms to wait for a connection to be established (with `url`; default 10000). */
    connectTimeout: wholeNumber('ms', 1, MAX_INT32).optional(),
    /** Ms after which a single command fails (with `url`; default `timeout`). */
    commandTimeout: wholeNumber('ms', 1, MAX_INT32).optional(),
    /** ACL user name (with `url`; overrides the URL's). */
    username: z.string({ error: 'must be a string' }).optional(),
    /** Password (with `url`; overrides the URL's). */
    password: z.string({ error: 'must be a string' }).optional(),
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

function isClient(value: unknown): value is RedisClientLike {
  const client = value as Partial<Record<keyof RedisClientLike, unknown>> | null
  return (
    typeof client === 'object' &&
    client !== null &&
    ['evalsha', 'eval', 'del', 'call', 'on', 'off'].every(
      (method) => typeof client[method as keyof RedisClientLike] === 'function',
    )
  )
}

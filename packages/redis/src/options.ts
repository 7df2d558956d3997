import type { ConnectionOptions } from 'node:tls'
import type { SessionStorageOptions } from '@sessionkit/core'
import type { RedisClientLike } from './client-types.js'
import { parseConnectionUrl } from './connection-url.js'

/** Options of `createRedisDriver`. Give either `url` or `client`. */
export interface RedisDriverOptions {
  /**
   * Server URL: `redis://` or `rediss://` (TLS) use ioredis, `valkey://` or `valkeys://` use
   * iovalkey; `[username][:password]@` and a `/db` path are read from it.
   */
  url?: string | undefined
  /** An existing ioredis / iovalkey `Redis` or `Cluster` client; the storage does not close it. */
  client?: RedisClientLike | undefined
  /** Prefix of every key (default 'session:'); must not contain '{' or '}'. */
  prefix?: string | undefined
  /** Operation timeout in ms; also the default `commandTimeout` (default 5000). */
  timeout?: number | undefined
  /** Ms to wait for a connection to be established (with `url`; default 10000). */
  connectTimeout?: number | undefined
  /** Ms after which a single command fails (with `url`; default `timeout`). */
  commandTimeout?: number | undefined
  /** ACL user name (with `url`; overrides the URL's). */
  username?: string | undefined
  /** Password (with `url`; overrides the URL's). */
  password?: string | undefined
  /** TLS: true, or Node TLS options (with `url`; rediss:// and valkeys:// imply `true`). */
  tls?: boolean | ConnectionOptions | undefined
}

/** Options of `createRedisSessionStorage`: the driver's plus core's (ttl, maxSize, timeout). */
export interface RedisSessionStorageOptions extends RedisDriverOptions, SessionStorageOptions {}

/** Key prefix used when none is given. */
export const DEFAULT_PREFIX = 'session:'

const KNOWN_OPTIONS = new Set([
  'url',
  'client',
  'prefix',
  'ttl',
  'maxSize',
  'timeout',
  'refreshAfter',
  'connectTimeout',
  'commandTimeout',
  'username',
  'password',
  'tls',
])

/** Options that only apply to a connection this package opens from `url`. */
const CONNECTION_OPTIONS = [
  'connectTimeout',
  'commandTimeout',
  'username',
  'password',
  'tls',
] as const

/** Every problem with `options`, one line each; empty when they are valid. */
export function redisOptionIssues(options: RedisSessionStorageOptions): string[] {
  const issues: string[] = []
  if (typeof options !== 'object' || options === null) return ['options must be an object']
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !KNOWN_OPTIONS.has(name)) issues.push(`unknown option '${name}'`)
  }
  const { url, client, prefix, tls } = options
  if (url !== undefined && client !== undefined) issues.push('give either url or client, not both')
  if (url === undefined && client === undefined) issues.push('url or client is required')
  if (url !== undefined && typeof url !== 'string') issues.push('url must be a string')
  if (typeof url === 'string') {
    const target = parseConnectionUrl(url)
    if ('issues' in target) issues.push(...target.issues)
    else if (target.tls && tls === false) issues.push('tls: false contradicts a TLS url scheme')
  }
  if (client !== undefined && !isClient(client)) {
    issues.push('client must be an ioredis or iovalkey Redis or Cluster instance')
  }
  if (client !== undefined) {
    for (const name of CONNECTION_OPTIONS) {
      if (options[name] !== undefined) issues.push(`${name} applies to url, not to client`)
    }
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || /[{}]/.test(prefix))) {
    issues.push("prefix must be a string without '{' or '}' (they would change the hash slot)")
  }
  for (const name of ['ttl', 'maxSize', 'timeout', 'connectTimeout', 'commandTimeout'] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      issues.push(`${name} must be a whole number > 0, got ${String(value)}`)
    }
  }
  for (const name of ['username', 'password'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'string') {
      issues.push(`${name} must be a string`)
    }
  }
  if (tls !== undefined && typeof tls !== 'boolean' && (typeof tls !== 'object' || tls === null)) {
    issues.push('tls must be a boolean or an object of TLS options')
  }
  return issues
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

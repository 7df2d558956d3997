import type { SessionStorageOptions } from '@sessionkit/core/driver'
import type { Client } from 'memjs'
import { DEFAULT_ITEM_SIZE_LIMIT } from './item-size.js'

/** Options of `createMemcacheDriver`. */
export interface MemcacheDriverOptions {
  /**
   * The memcached servers, `host:port` (`[v6]:port`; port 11211 when left out), as an array or
   * one comma-separated string. Required unless `client` is given.
   */
  servers?: readonly string[] | string | undefined
  /**
   * An existing memjs client to use instead of `servers` (not closed by the storage). Keys are
   * still placed with the ketama ring over its servers; its own failover settings are unused.
   */
  client?: Client | undefined
  /** Prefix of every key (default 'session:'); with the 43-character id at most 250 bytes. */
  prefix?: string | undefined
  /**
   * Milliseconds an operation may take (default 5000): core's operation timeout, and the
   * longest wait for a server's connection or answer (half of it with `failover`).
   */
  timeout?: number | undefined
  /** Extra attempts on the same server after a connection error (default 1). */
  retries?: number | undefined
  /** Send a dead server's keys to the next server on the ring instead of failing (default false). */
  failover?: boolean | undefined
  /** Milliseconds a failed server is skipped before it is tried again (default 30000). */
  failoverRetryDelay?: number | undefined
  /**
   * The servers' item size limit in bytes, memcached's `-I` (default 1048576). Larger items
   * are refused with `SessionTooLargeError` before they are sent.
   */
  itemSizeLimit?: number | undefined
  /** SASL PLAIN user name (with `password`). */
  username?: string | undefined
  /** SASL PLAIN password (with `username`). */
  password?: string | undefined
}

/** Options of `createMemcacheSessionStorage`: the driver's and core's. */
export interface MemcacheSessionStorageOptions
  extends SessionStorageOptions,
    MemcacheDriverOptions {}

/** A memcached server address. */
export interface ServerAddress {
  readonly host: string
  readonly port: number
}

/** Defaults of the memcache driver. */
export const MEMCACHE_DEFAULTS = {
  retries: 1,
  failover: false,
  failoverRetryDelay: 30_000,
  itemSizeLimit: DEFAULT_ITEM_SIZE_LIMIT,
  port: 11211,
} as const

/** Length of the storage ids core hands to drivers. */
export const STORAGE_ID_LENGTH = 43
/** Longest key memcached accepts, in bytes. */
export const MAX_KEY_BYTES = 250
/** Most same-server retries `retries` may ask for. */
export const MAX_RETRIES = 10

/**
 * Every problem with `options`, one sentence each (empty when they are valid). Checks the
 * driver's options and, when present, core's `ttl`, `maxSize` and `timeout`.
 */
export function memcacheOptionIssues(options: MemcacheSessionStorageOptions): string[] {
  const issues: string[] = []
  const { servers, client } = options
  if (client !== undefined) {
    if (!isMemjsClient(client)) issues.push('client must be a memjs Client (memjs.Client.create)')
    if (servers !== undefined) issues.push('give either servers or client, not both')
    if (options.username !== undefined || options.password !== undefined) {
      issues.push('username/password cannot be used with client: configure SASL on the client')
    }
  } else if (servers === undefined) {
    issues.push('servers is required (host:port list) unless client is given')
  } else {
    issues.push(...serverIssues(servers))
  }
  issues.push(...prefixIssues(options.prefix))
  for (const name of [
    'ttl',
    'maxSize',
    'timeout',
    'failoverRetryDelay',
    'itemSizeLimit',
  ] as const) {
    const value = options[name]
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      issues.push(`${name} must be a whole number > 0, got ${describe(value)}`)
    }
  }
  const retries = options.retries
  if (
    retries !== undefined &&
    !(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)
  ) {
    issues.push(`retries must be a whole number from 0 to ${MAX_RETRIES}, got ${describe(retries)}`)
  }
  if (options.failover !== undefined && typeof options.failover !== 'boolean') {
    issues.push(`failover must be true or false, got ${describe(options.failover)}`)
  }
  for (const name of ['username', 'password'] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      issues.push(`${name} must be a non-empty string`)
    }
  }
  if ((options.username === undefined) !== (options.password === undefined)) {
    issues.push('username and password must be given together')
  }
  return issues
}

/** The addresses in `servers` (which must have passed `memcacheOptionIssues`). */
export function parseServers(servers: readonly string[] | string): ServerAddress[] {
  return serverList(servers).map((entry) => {
    const address = parseAddress(entry)
    if (!address) throw new TypeError(`Not a memcached server address: "${entry}"`)
    return address
  })
}

function serverIssues(servers: unknown): string[] {
  if (typeof servers !== 'string' && !Array.isArray(servers)) {
    return [`servers must be an array of host:port strings, got ${describe(servers)}`]
  }
  const entries = serverList(servers as readonly string[] | string)
  if (entries.length === 0) return ['servers must list at least one host:port']
  const issues: string[] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    const address = typeof entry === 'string' ? parseAddress(entry) : undefined
    if (!address) {
      issues.push(`servers: "${String(entry)}" is not host:port (port 1-65535)`)
      continue
    }
    const name = `${address.host}:${address.port}`
    if (seen.has(name)) issues.push(`servers: ${name} is listed twice`)
    seen.add(name)
  }
  return issues
}

function serverList(servers: readonly string[] | string): string[] {
  const list = typeof servers === 'string' ? servers.split(',') : [...servers]
  return list.map((entry) => (typeof entry === 'string' ? entry.trim() : entry))
}

function parseAddress(entry: string): ServerAddress | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:,/@[\]]+))(?::(\d{1,5}))?$/.exec(entry)
  if (!match) return undefined
  const host = match[1] ?? match[2]
  const port = match[3] === undefined ? MEMCACHE_DEFAULTS.port : Number(match[3])
  if (!host || port < 1 || port > 65_535) return undefined
  return { host, port }
}

function prefixIssues(prefix: unknown): string[] {
  if (prefix === undefined) return []
  if (typeof prefix !== 'string') return [`prefix must be a string, got ${describe(prefix)}`]
  const issues: string[] = []
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
  if (/[\s\u0000-\u001f\u007f]/.test(prefix)) {
    issues.push('prefix may not contain spaces or control characters (memcached keys cannot)')
  }
  const bytes = Buffer.byteLength(prefix) + STORAGE_ID_LENGTH
  if (bytes > MAX_KEY_BYTES) {
    issues.push(
      `prefix is too long: keys would take ${bytes} bytes, memcached allows ${MAX_KEY_BYTES} ` +
        `(prefix at most ${MAX_KEY_BYTES - STORAGE_ID_LENGTH} bytes)`,
    )
  }
  return issues
}

function isMemjsClient(client: unknown): client is Client {
  const candidate = client as Partial<Client> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.incrSeq === 'function' &&
    Array.isArray(candidate.servers) &&
    candidate.servers.length > 0 &&
    candidate.servers.every(
      (server) => typeof server?.host === 'string' && typeof server.write === 'function',
    )
  )
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}" (a string)` : String(value)
}

import {
  MAX_INT32,
  sessionStorageOptionsShape,
  wholeNumber,
  withOptionRules,
  z,
} from '@sessionkit/core/driver'
import type { Client } from 'memjs'
import { DEFAULT_ITEM_SIZE_LIMIT } from './item-size.js'
import {
  DEFAULT_MEMCACHED_PORT,
  parseServerAddress,
  type ServerAddress,
} from './network/server-address.js'

/** Defaults of the memcache backend's own options. */
export const MEMCACHE_DEFAULTS = {
  retries: 1,
  failover: false,
  failoverRetryDelay: 30_000,
  itemSizeLimit: DEFAULT_ITEM_SIZE_LIMIT,
  port: DEFAULT_MEMCACHED_PORT,
} as const

/** Length of the storage ids core hands to drivers. */
const STORAGE_ID_LENGTH = 43
/** Longest key memcached accepts, in bytes. */
const MAX_KEY_BYTES = 250
/** Most same-server retries `retries` may ask for. */
const MAX_RETRIES = 10
/** memcached's smallest item size limit (`-I`), in bytes. */
const MIN_ITEM_SIZE_LIMIT = 1024

/**
 * `servers` as given (`host:port` strings, as an array or one comma-separated string; port
 * 11211 when left out), checked and parsed into addresses.
 */
const serverList = z
  .union([z.string(), z.array(z.string()).readonly()], {
    error: 'must be host:port strings, as an array or one comma-separated string',
  })
  .transform((servers, context): ServerAddress[] => {
    const entries = typeof servers === 'string' ? servers.split(',') : [...servers]
    if (entries.length === 0 || (entries.length === 1 && entries[0]?.trim() === '')) {
      context.issues.push({
        code: 'custom',
        message: 'must list at least one host:port',
        input: servers,
      })
      return []
    }
    const seen = new Set<string>()
    return entries.flatMap((entry, index) => {
      const address = parseServerAddress(entry)
      const name = address && `${address.host}:${address.port}`
      const problem = !name
        ? 'is not host or host:port (port 1-65535)'
        : seen.has(name)
          ? `${name} is listed twice`
          : undefined
      if (name) seen.add(name)
      if (problem)
        context.issues.push({ code: 'custom', message: problem, input: servers, path: [index] })
      return address && !problem ? [address] : []
    })
  })

/**
 * The memcache backend's options, for `createMemcacheSessionStorage` and
 * `createMemcacheDriver` alike: core's common ones, the servers (or a memjs client), failover
 * and SASL.
 */
export const memcacheOptionsSchema = withOptionRules(
  z.strictObject({
    ...sessionStorageOptionsShape,
    /** Prefix of every key (default 'session:'); with the 43-character id at most 250 bytes. */
    prefix: sessionStorageOptionsShape.prefix
      .refine(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it rejects
        (prefix) => prefix === undefined || !/[\s\u0000-\u001f\u007f]/.test(prefix),
        { error: 'must not contain spaces or control characters (memcached keys cannot)' },
      )
      .refine(
        (prefix) =>
          prefix === undefined || Buffer.byteLength(prefix) + STORAGE_ID_LENGTH <= MAX_KEY_BYTES,
        {
          error: `is too long: at most ${MAX_KEY_BYTES - STORAGE_ID_LENGTH} bytes, so that keys stay within memcached's ${MAX_KEY_BYTES}`,
        },
      ),
    /** The memcached servers, `host:port` (`[v6]:port`; port 11211 when left out). */
    servers: serverList.optional(),
    /**
     * An existing memjs client to use instead of `servers` (not closed by the storage). Keys are
     * still placed with the ketama ring over its servers; its own failover settings are unused.
     */
    client: z
      .custom<Client>(isMemjsClient, { error: 'must be a memjs Client (memjs.Client.create)' })
      .optional(),
    /** Extra attempts on the same server after a connection error (default 1). */
    retries: wholeNumber('retries', 0, MAX_RETRIES).optional(),
    /** Send a dead server's keys to the next server on the ring instead of failing (default false). */
    failover: z.boolean({ error: 'must be true or false' }).optional(),
    /** Milliseconds a failed server is skipped before it is tried again (default 30000). */
    failoverRetryDelay: wholeNumber('ms', 1, MAX_INT32).optional(),
    /**
     * The servers' item size limit in bytes, memcached's `-I` (default 1048576). Larger items
     * are refused with `SessionTooLargeError` before they are sent.
     */
    itemSizeLimit: wholeNumber('bytes', MIN_ITEM_SIZE_LIMIT).optional(),
    /** SASL PLAIN user name (with `password`). */
    username: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .optional(),
    /** SASL PLAIN password (with `username`). */
    password: z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .optional(),
  }),
  (options, report) => {
    const { servers, client, username, password } = options
    if (client !== undefined) {
      if (servers !== undefined) report('', 'give either servers or client, not both')
      if (username !== undefined || password !== undefined) {
        report('', 'username and password cannot be used with client: configure SASL on the client')
      }
    } else if (servers === undefined) {
      report('servers', 'required (a host:port list) unless client is given')
    }
    if ((username === undefined) !== (password === undefined)) {
      report('', 'username and password must be given together')
    }
  },
)

/** Options of `createMemcacheSessionStorage` and `createMemcacheDriver`. */
export type MemcacheOptions = z.input<typeof memcacheOptionsSchema>

/** Memcache options once checked, `servers` parsed into addresses. */
export type CheckedMemcacheOptions = z.output<typeof memcacheOptionsSchema>

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

import type { ClientLibrary } from './client-types.js'

/** Where and how to connect, as read from a connection URL. */
export interface ConnectionTarget {
  /** The scheme's default client package (redis(s): node-redis, valkey(s): iovalkey). */
  readonly library: ClientLibrary
  readonly host: string
  readonly port: number
  /** True for rediss:// and valkeys://. */
  readonly tls: boolean
  readonly username?: string
  readonly password?: string
  /** Logical database, from the URL's path (`/2`). */
  readonly db?: number
  /**
   * With `redis+sentinel://` and `valkey+sentinel://`: the primary's name and the Sentinels to
   * ask for it (`host` and `port` are then the first Sentinel's).
   */
  readonly sentinel?: SentinelTarget
}

/** A primary watched by Redis Sentinel: its name, and Sentinels that know it. */
export interface SentinelTarget {
  readonly name: string
  readonly nodes: readonly { readonly host: string; readonly port: number }[]
}

/**
 * The URL schemes this package accepts, with the client package each uses unless the `library`
 * option names another: node-redis for Redis (the fastest of the three here), iovalkey (the
 * Valkey project's client) for Valkey.
 */
export const URL_SCHEMES: Readonly<Record<string, { library: ClientLibrary; tls: boolean }>> = {
  'redis:': { library: 'redis', tls: false },
  'rediss:': { library: 'redis', tls: true },
  'valkey:': { library: 'iovalkey', tls: false },
  'valkeys:': { library: 'iovalkey', tls: true },
}

const DEFAULT_PORT = 6379
const DEFAULT_SENTINEL_PORT = 26379

/** Sentinel schemes: the Sentinels' list, then `/primary-name[/db]`. */
const SENTINEL_SCHEMES: Readonly<Record<string, ClientLibrary>> = {
  'redis+sentinel:': 'redis',
  'valkey+sentinel:': 'iovalkey',
}

/** Every scheme accepted, for messages. */
const ALL_SCHEMES = [...Object.keys(URL_SCHEMES), ...Object.keys(SENTINEL_SCHEMES)]

/**
 * Read `redis[s]://[[username][:password]@]host[:port][/db]` (or `valkey[s]://`). Problems
 * are returned, never thrown, and never quote the URL, which may hold a password.
 */
export function parseConnectionUrl(url: string): ConnectionTarget | { issues: string[] } {
  const sentinelScheme = /^([a-z]+\+sentinel:)\/\//i.exec(url)?.[1]?.toLowerCase()
  if (sentinelScheme !== undefined && SENTINEL_SCHEMES[sentinelScheme]) {
    return parseSentinelUrl(url, SENTINEL_SCHEMES[sentinelScheme])
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { issues: ['is not a valid URL'] }
  }
  const scheme = URL_SCHEMES[parsed.protocol]
  if (!scheme) {
    return {
      issues: [`must start with ${ALL_SCHEMES.map((s) => `${s}//`).join(', ')}`],
    }
  }
  const issues: string[] = []
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port)
  const path = parsed.pathname.replace(/^\//, '')
  const db = path === '' ? undefined : Number(path)
  if (db !== undefined && !(Number.isSafeInteger(db) && db >= 0)) {
    issues.push('path must be a database number, like /0')
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    issues.push('must not have a query or fragment; pass connection settings as options')
  }
  if (issues.length > 0) return { issues }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost'
  return {
    library: scheme.library,
    host,
    port,
    tls: scheme.tls,
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(db !== undefined && { db }),
  }
}

/**
 * Read `redis+sentinel://[[username][:password]@]host[:port][,host[:port]...]/name[/db]` (or
 * `valkey+sentinel://`): Sentinels (port 26379 by default), the primary's name, a database.
 * The credentials are the primary's (and replicas'); the Sentinels' are options of their own.
 */
function parseSentinelUrl(
  url: string,
  library: ClientLibrary,
): ConnectionTarget | { issues: string[] } {
  const match = /^[a-z+]+:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?([?#].*)?$/i.exec(url)
  if (!match) return { issues: ['is not a valid URL'] }
  const [, userinfo, hostList = '', path = '', rest] = match
  const issues: string[] = []
  const nodes = hostList.split(',').map((item) => hostAndPort(item.trim()))
  if (hostList === '' || nodes.some((node) => node === undefined)) {
    issues.push('must list Sentinels as host[:port], separated by commas')
  }
  const [name = '', dbText, ...extra] = path.replace(/^\//, '').split('/')
  if (name === '') issues.push('path must name the primary: /name or /name/db')
  const db = dbText === undefined || dbText === '' ? undefined : Number(dbText)
  if (extra.length > 0 || (db !== undefined && !(Number.isSafeInteger(db) && db >= 0))) {
    issues.push('path must be /name or /name/db, the database a number like 0')
  }
  if (rest !== undefined) {
    issues.push('must not have a query or fragment; pass connection settings as options')
  }
  if (issues.length > 0) return { issues }
  const sentinels = nodes.filter((node) => node !== undefined)
  const colon = userinfo?.indexOf(':') ?? -1
  const username = userinfo === undefined ? '' : userinfo.slice(0, colon === -1 ? undefined : colon)
  const password = userinfo === undefined || colon === -1 ? '' : userinfo.slice(colon + 1)
  const first = sentinels[0] ?? { host: 'localhost', port: DEFAULT_SENTINEL_PORT }
  return {
    library,
    host: first.host,
    port: first.port,
    tls: false,
    sentinel: { name: safeDecode(name), nodes: sentinels },
    ...(username && { username: safeDecode(username) }),
    ...(password && { password: safeDecode(password) }),
    ...(db !== undefined && { db }),
  }
}

/** `host`, `host:port` or `[v6]:port`, or undefined when it is none of these. */
function hostAndPort(item: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(item)
  if (!match?.[1]) return undefined
  const port = match[2] === undefined ? DEFAULT_SENTINEL_PORT : Number(match[2])
  if (port < 1 || port > 65_535) return undefined
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

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

/**
 * Read `redis[s]://[[username][:password]@]host[:port][/db]` (or `valkey[s]://`). Problems
 * are returned, never thrown, and never quote the URL, which may hold a password.
 */
export function parseConnectionUrl(url: string): ConnectionTarget | { issues: string[] } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { issues: ['is not a valid URL'] }
  }
  const scheme = URL_SCHEMES[parsed.protocol]
  if (!scheme) {
    return {
      issues: [
        `must start with ${Object.keys(URL_SCHEMES)
          .map((s) => `${s}//`)
          .join(', ')}`,
      ],
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

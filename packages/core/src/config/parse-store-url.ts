import { SessionConfigError } from '../errors.js'

/**
 * Turn a store URL into a configuration object: `memory://`, `redis://` / `rediss://`,
 * `valkey://` / `valkeys://` (the URL is kept whole for the client), or
 * `memcache://host1:11211,host2:11211`. Query parameters become options (`?ttl=60&prefix=app:`).
 */
export function parseStoreUrl(url: string): Record<string, unknown> {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i.exec(url.trim())
  if (!match) throw new SessionConfigError([`not a store URL: ${redact(url)}`])
  const [, rawScheme = '', authority = '', path = '', query = ''] = match
  const scheme = rawScheme.toLowerCase()
  const options: Record<string, unknown> = Object.fromEntries(new URLSearchParams(query))
  switch (scheme) {
    case 'memory':
      return { backend: 'memory', ...options }
    case 'redis':
    case 'rediss':
    case 'valkey':
    case 'valkeys':
      return {
        backend: scheme.startsWith('valkey') ? 'valkey' : 'redis',
        url: `${scheme}://${authority}${path}`,
        ...options,
      }
    case 'memcache':
    case 'memcached': {
      const at = authority.lastIndexOf('@')
      const credentials = at === -1 ? undefined : authority.slice(0, at)
      const hosts = at === -1 ? authority : authority.slice(at + 1)
      const config: Record<string, unknown> = {
        backend: 'memcache',
        servers: hosts ? hosts.split(',') : [],
      }
      if (credentials !== undefined) {
        const colon = credentials.indexOf(':')
        config.username = decodeURIComponent(
          colon === -1 ? credentials : credentials.slice(0, colon),
        )
        if (colon !== -1) config.password = decodeURIComponent(credentials.slice(colon + 1))
      }
      return { ...config, ...options }
    }
    default:
      throw new SessionConfigError([
        `unknown store URL scheme "${scheme}:" (expected memory, redis, rediss, valkey, valkeys or memcache)`,
      ])
  }
}

/** A URL safe to put in an error message: credentials replaced. */
export function redact(url: string): string {
  return url.replace(/\/\/[^@/?#]*@/, '//***@')
}

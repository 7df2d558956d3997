/** The port memcached listens on unless told otherwise. */
export const DEFAULT_MEMCACHED_PORT = 11211

/** A memcached server address. */
export interface ServerAddress {
  readonly host: string
  readonly port: number
}

/**
 * The address in `host`, `host:port`, `[v6]` or `[v6]:port` (port 11211 when left out; a host
 * name of letters, digits, `.`, `-` and `_`), or undefined when `entry` is none of these or the
 * port is not 1-65535.
 */
export function parseServerAddress(entry: string): ServerAddress | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9_.-]+))(?::(\d{1,5}))?$/.exec(entry.trim())
  if (!match) return undefined
  const host = match[1] ?? match[2]
  const port = match[3] === undefined ? DEFAULT_MEMCACHED_PORT : Number(match[3])
  if (!host || port < 1 || port > 65_535) return undefined
  return { host, port }
}

import type { TestServer } from './types.js'

/** Splits `host:port` (or `[v6]:port`) into its parts. */
export function parseHostPort(address: string, variable: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address.trim())
  if (!match?.[1] || !match[2]) throw new Error(`${variable}: expected host:port, got "${address}"`)
  return { host: match[1], port: Number(match[2]) }
}

/** A TestServer for a server someone else runs: stop does nothing, the fault methods reject. */
export function externalServer(
  host: string,
  port: number,
  url: string,
  variable: string,
): TestServer {
  const unsupported = (action: string) =>
    Promise.reject(
      new Error(
        `Cannot ${action} the external server ${url} (configured by ${variable}); ` +
          'unset it to let the harness start a container it can pause and resume',
      ),
    )
  return {
    host,
    port,
    url,
    stop: () => Promise.resolve(),
    pause: () => unsupported('pause'),
    resume: () => unsupported('resume'),
    kill: () => unsupported('kill'),
    freeze: () => unsupported('freeze'),
    thaw: () => unsupported('thaw'),
  }
}

/** A TestServer for a `redis://` / `rediss://` URL from the environment. */
export function externalRedisServer(url: string, variable: string): TestServer {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new Error(`${variable}: expected a redis:// URL, got "${url}"`)
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  return externalServer(host, Number(parsed.port || 6379), url, variable)
}

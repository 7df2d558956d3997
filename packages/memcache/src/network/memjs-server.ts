import { Server, type ServerOptions } from 'memjs'
import type { ServerAddress } from './server-address.js'

/** SASL PLAIN credentials to log in to a server with. */
export interface SaslCredentials {
  readonly username: string
  readonly password: string
}

/**
 * A memjs `Server` for `address` that logs in with `credentials` (SASL PLAIN), or not at all
 * without them: memjs alone falls back to MEMCACHIER_* / MEMCACHE_* environment variables.
 *
 * A failed login leaves nothing behind. memjs sends a new connection's first request from an
 * `authenticated` listener, which a failed login never fires nor removes: each failed
 * connection leaked one listener (holding its request), and the next successful login ran
 * them all, writing those stale requests again.
 */
export function createMemjsServer(
  address: ServerAddress,
  credentials: SaslCredentials | undefined,
  options: ServerOptions,
): Server {
  const { host, port } = address
  const server = new Server(host, port, credentials?.username, credentials?.password, options)
  Object.assign(server, { username: credentials?.username, password: credentials?.password })
  const reset = server.error.bind(server)
  server.error = (error) => {
    server.removeAllListeners('authenticated')
    reset(error)
  }
  return server
}

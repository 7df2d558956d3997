import { DEFAULT_OPERATION_TIMEOUT } from '@sessionkit/core/driver'
import { loadClientModule } from './client-loader.js'
import type { OwnedClient } from './client-types.js'
import type { ConnectionTarget } from './connection-url.js'
import type { CheckedRedisOptions } from './options.js'

/** Longest pause between reconnection attempts, in ms. */
const MAX_RECONNECT_DELAY = 2_000
/** Longest wait for a graceful QUIT on close before the socket is dropped, in ms. */
const QUIT_TIMEOUT = 1_000

/**
 * Client options for a connection this package opens. Commands sent while disconnected wait
 * in the client's offline queue, but never for long: each fails after `commandTimeout`, and
 * the queue is flushed with an error after every second failed reconnection attempt
 * (`maxRetriesPerRequest: 1`); reconnection goes on in the background.
 */
export function clientOptions(target: ConnectionTarget, options: CheckedRedisOptions): object {
  const username = options.username ?? target.username
  const password = options.password ?? target.password
  const tls = options.tls === undefined ? target.tls : options.tls
  return {
    host: target.host,
    port: target.port,
    ...(target.db !== undefined && { db: target.db }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(tls !== false && { tls: tls === true ? {} : tls }),
    ...(options.connectTimeout !== undefined && { connectTimeout: options.connectTimeout }),
    commandTimeout: options.commandTimeout ?? options.timeout ?? DEFAULT_OPERATION_TIMEOUT,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY),
  }
}

/** Load the client package for `target` and connect. Client 'error' events are not logged. */
export async function openClient(
  target: ConnectionTarget,
  options: CheckedRedisOptions,
): Promise<OwnedClient> {
  const { Redis } = await loadClientModule(target.clientPackage)
  const client = new Redis(clientOptions(target, options))
  // Failures reach callers through the commands that suffer them; without a listener the
  // client would print each connection error. The last one is kept to explain them.
  client.on('error', (error: unknown) => {
    connectionErrors.set(client, error instanceof Error ? error.message : String(error))
  })
  client.on('ready', () => connectionErrors.delete(client))
  return client
}

const connectionErrors = new WeakMap<object, string>()

/**
 * The message of the last connection error of a client `openClient` made, until it is ready
 * again: commands failing meanwhile only say that retries ran out (e.g. an untrusted TLS
 * certificate or a wrong password would go unnamed).
 */
export function lastConnectionError(client: object): string | undefined {
  return connectionErrors.get(client)
}

/** Close a client this package opened: QUIT when connected (bounded), else drop the socket. */
export async function closeClient(client: OwnedClient): Promise<void> {
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT)
    })
    await Promise.race([client.quit().catch(() => {}), deadline])
    clearTimeout(timer)
  }
  client.disconnect()
}

import { SessionConfigError } from '@sessionkit/core'
import type { CheckedRedisOptions } from '../options.js'
import { loadClientModule } from './client-loader.js'
import type {
  IoredisLikeClient,
  NodeRedisLikeClient,
  NodeRedisLikeSentinel,
  RedisConnection,
} from './client-types.js'
import type { ConnectionTarget, SentinelTarget } from './connection-url.js'
import { ioredisConnection, type OwnedClientControl } from './ioredis-connection.js'
import { nodeRedisConnection, REPLY_TYPES } from './node-redis-connection.js'

/** Longest pause between reconnection attempts, in ms. */
const MAX_RECONNECT_DELAY = 2_000
/** Longest wait for a graceful close before the socket is dropped, in ms. */
const QUIT_TIMEOUT = 1_000

/** Connection settings from the URL, overridden by the options that name them. */
function settingsOf(target: ConnectionTarget, options: CheckedRedisOptions) {
  const username = options.username ?? target.username
  const password = options.password ?? target.password
  const tls = options.tls === undefined ? target.tls : options.tls
  return { username, password, tls: tls === false ? undefined : tls === true ? {} : tls }
}

/**
 * ioredis / iovalkey options for a connection this package opens. Commands sent while
 * disconnected wait in the client's offline queue, but never for long: the queue is flushed
 * with an error after every second failed reconnection attempt (`maxRetriesPerRequest: 1`);
 * reconnection goes on in the background. Core's `timeout` bounds every operation with one
 * shared timer; `commandTimeout`, when given, also bounds each command inside the client, which
 * then arms a timer per command.
 */
export function ioredisOptions(target: ConnectionTarget, options: CheckedRedisOptions): object {
  const { username, password, tls } = settingsOf(target, options)
  return {
    ...(target.sentinel
      ? {
          sentinels: target.sentinel.nodes.map(({ host, port }) => ({ host, port })),
          name: target.sentinel.name,
          ...(options.sentinelUsername !== undefined && {
            sentinelUsername: options.sentinelUsername,
          }),
          ...(options.sentinelPassword !== undefined && {
            sentinelPassword: options.sentinelPassword,
          }),
          sentinelRetryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY),
          // Re-ask the Sentinels as soon as they announce a new primary (+switch-master).
          failoverDetector: true,
        }
      : { host: target.host, port: target.port }),
    ...(target.db !== undefined && { db: target.db }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(tls !== undefined && { tls }),
    ...(options.connectTimeout !== undefined && { connectTimeout: options.connectTimeout }),
    ...(options.commandTimeout !== undefined && { commandTimeout: options.commandTimeout }),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, MAX_RECONNECT_DELAY),
  }
}

/**
 * node-redis options for a connection this package opens. There is no offline queue: while
 * the client is disconnected commands fail at once (the storage reports the connection error)
 * and reconnection goes on in the background. Core's `timeout` bounds every operation with
 * one shared timer; `commandTimeout`, when given, also bounds each command inside node-redis,
 * which then arms a timer per command (node-redis 6 does that by default, 5 s: turned off here).
 */
export function nodeRedisOptions(target: ConnectionTarget, options: CheckedRedisOptions): object {
  const { username, password, tls } = settingsOf(target, options)
  return {
    socket: {
      host: target.host,
      port: target.port,
      ...(tls !== undefined && { tls: true, ...tls }),
      ...(options.connectTimeout !== undefined && { connectTimeout: options.connectTimeout }),
      reconnectStrategy: (retries: number) => Math.min((retries + 1) * 100, MAX_RECONNECT_DELAY),
    },
    ...(target.db !== undefined && { database: target.db }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeout, typeMapping: REPLY_TYPES },
  }
}

/**
 * Load the client package (the `library` option, else the scheme's default) and connect to
 * `target`. Client 'error' events are not logged: failures reach callers through the
 * operations that suffer them, with the last connection error to explain them.
 */
export async function openConnection(
  target: ConnectionTarget,
  options: CheckedRedisOptions,
): Promise<RedisConnection> {
  const module = await loadClientModule(options.library ?? target.library)
  if (module.library === 'redis' && target.sentinel) {
    return nodeRedisSentinel(module.createSentinel, target.sentinel, target, options)
  }
  if (module.library === 'redis') {
    const client = module.createClient(nodeRedisOptions(target, options)) as OwnedNodeRedis
    const control = trackErrors(client, async () => {
      if (client.isReady) await bounded(client.close())
      if (client.isOpen) client.destroy()
    })
    client.connect().catch(() => {})
    return nodeRedisConnection(client, control)
  }
  const client = new module.Redis(ioredisOptions(target, options)) as OwnedIoredis
  const control = trackErrors(client, async () => {
    if (client.status === 'ready') await bounded(client.quit())
    client.disconnect()
  })
  return ioredisConnection(client, module.library, control)
}

/**
 * A node-redis Sentinel client (`createSentinel`) for `sentinel`: commands go to the primary the
 * Sentinels name, and follow it through a failover.
 */
function nodeRedisSentinel(
  createSentinel: ((options: object) => unknown) | undefined,
  sentinel: SentinelTarget,
  target: ConnectionTarget,
  options: CheckedRedisOptions,
): RedisConnection {
  if (!createSentinel) {
    throw new SessionConfigError([
      "url: the installed 'redis' package has no createSentinel (node-redis 5 or later has it)",
    ])
  }
  const { socket, ...nodeOptions } = nodeRedisOptions(target, options) as { socket: object }
  const { host: _host, port: _port, ...socketOptions } = socket as Record<string, unknown>
  const client = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: sentinel.nodes.map(({ host, port }) => ({ host, port })),
    nodeClientOptions: { ...nodeOptions, socket: socketOptions },
    sentinelClientOptions: {
      socket: socketOptions,
      ...(options.sentinelUsername !== undefined && { username: options.sentinelUsername }),
      ...(options.sentinelPassword !== undefined && { password: options.sentinelPassword }),
    },
    // Look for a new primary every second (default 10 s) besides the Sentinels' announcements.
    scanInterval: SENTINEL_SCAN_INTERVAL,
    passthroughClientErrorEvents: true,
  }) as OwnedNodeRedisSentinel
  let open = true
  const connected = client.connect().then(
    () => undefined,
    (error: unknown) => error,
  )
  const control = trackErrors(client, async () => {
    if (!open) return
    open = false
    await bounded(client.close())
    if (client.isOpen) await client.destroy().catch(() => {})
  })
  return nodeRedisConnection(client, control, async () => {
    const failed = await connected
    if (failed !== undefined) throw failed
  })
}

/** How often a node-redis Sentinel client asks the Sentinels for the primary, in ms. */
const SENTINEL_SCAN_INTERVAL = 1_000

interface OwnedNodeRedisSentinel extends NodeRedisLikeSentinel {
  readonly isOpen: boolean
  connect(): Promise<unknown>
  close(): Promise<unknown>
  destroy(): Promise<unknown>
}

interface OwnedNodeRedis extends NodeRedisLikeClient {
  readonly isOpen: boolean
  connect(): Promise<unknown>
  close(): Promise<unknown>
  destroy(): void
}

interface OwnedIoredis extends IoredisLikeClient {
  readonly status: string
  quit(): Promise<unknown>
  disconnect(): void
}

/** Keep the last connection error of `client` until it is ready again. */
function trackErrors(
  client: IoredisLikeClient | NodeRedisLikeClient | NodeRedisLikeSentinel,
  close: () => Promise<void>,
): OwnedClientControl {
  let lastError: string | undefined
  client.on('error', (error: unknown) => {
    lastError = error instanceof Error ? error.message : String(error)
  })
  client.on('ready', () => {
    lastError = undefined
  })
  return { lastError: () => lastError, close }
}

/** Wait for `promise` (its failure ignored), at most `QUIT_TIMEOUT` ms. */
async function bounded(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise((resolve) => {
    timer = setTimeout(resolve, QUIT_TIMEOUT)
  })
  await Promise.race([promise.catch(() => {}), deadline])
  clearTimeout(timer)
}

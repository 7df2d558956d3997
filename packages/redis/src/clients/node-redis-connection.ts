import type {
  NodeRedisLikeClient,
  NodeRedisLikeCluster,
  NodeRedisLikeSentinel,
  RedisConnection,
} from './client-types.js'
import type { OwnedClientControl } from './ioredis-connection.js'

/**
 * How node-redis must decode replies here: RESP3 maps (HGETALL on a RESP3 connection,
 * node-redis 6's default) as flat arrays (37 is RESP3's map type), never as plain objects,
 * where a field named `__proto__` would go astray. Clients this package opens have it as their
 * default; given clients get it with each command.
 */
export const REPLY_TYPES = { 37: Array } as const
const COMMAND_OPTIONS = { typeMapping: REPLY_TYPES }

/**
 * A `RedisConnection` over a node-redis client (`createClient`), cluster (`createCluster`) or
 * Sentinel client (`createSentinel`). Cluster commands go to the master serving the key, and
 * Sentinel commands to the primary (never a replica: a read must see the latest write).
 * `ready`, for an owned Sentinel client: resolves once it found its primary.
 */
export function nodeRedisConnection(
  client: NodeRedisLikeClient | NodeRedisLikeCluster | NodeRedisLikeSentinel,
  owned?: OwnedClientControl,
  ready?: () => Promise<void>,
): RedisConnection {
  const cluster = isNodeRedisCluster(client)
  const sentinel = isNodeRedisSentinel(client)
  const send = cluster
    ? (args: readonly string[], key: string | undefined) =>
        client.sendCommand(key, false, args, COMMAND_OPTIONS)
    : sentinel
      ? (args: readonly string[]) => client.sendCommand(false, args, COMMAND_OPTIONS)
      : owned
        ? (args: readonly string[]) => (client as NodeRedisLikeClient).sendCommand(args)
        : (args: readonly string[]) =>
            (client as NodeRedisLikeClient).sendCommand(args, COMMAND_OPTIONS)
  return {
    library: 'redis',
    isCluster: cluster,
    send,
    async eachServer() {
      if (!cluster) return [(args) => send(args, undefined)]
      const nodes = await Promise.all(client.masters.map((master) => client.nodeClient?.(master)))
      return nodes
        .filter((node): node is NodeRedisLikeClient => node !== undefined)
        .map((node) => (args: readonly string[]) => node.sendCommand(args, COMMAND_OPTIONS))
    },
    ready:
      ready ??
      (() =>
        owned && !cluster && !sentinel
          ? readyOrError(client as NodeRedisLikeClient)
          : Promise.resolve()),
    onReconnect(listener) {
      // A Sentinel client announces a new primary as a topology change.
      const event = sentinel ? 'topology-change' : 'ready'
      client.on(event, listener)
      return () => client.off(event, listener)
    },
    lastError: () => owned?.lastError(),
    close: () => owned?.close() ?? Promise.resolve(),
  }
}

/** Whether a node-redis client is a cluster (it has master nodes). */
function isNodeRedisCluster(
  client: NodeRedisLikeClient | NodeRedisLikeCluster | NodeRedisLikeSentinel,
): client is NodeRedisLikeCluster {
  return Array.isArray((client as Partial<NodeRedisLikeCluster>).masters)
}

/** Whether a node-redis client is a Sentinel client (it names its primary). */
export function isNodeRedisSentinel(client: unknown): client is NodeRedisLikeSentinel {
  return typeof (client as Partial<NodeRedisLikeSentinel>).getMasterNode === 'function'
}

/** Resolves when `client` is ready, or rejects with its next connection error. */
function readyOrError(client: NodeRedisLikeClient): Promise<void> {
  if (client.isReady) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onReady = () => {
      stop()
      resolve()
    }
    const onError = (error: unknown) => {
      stop()
      reject(error)
    }
    const stop = () => {
      client.off('ready', onReady)
      client.off('error', onError)
    }
    client.on('ready', onReady)
    client.on('error', onError)
  })
}

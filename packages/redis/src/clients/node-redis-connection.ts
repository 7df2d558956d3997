import type { NodeRedisLikeClient, NodeRedisLikeCluster, RedisConnection } from './client-types.js'
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
 * A `RedisConnection` over a node-redis client (`createClient`) or cluster (`createCluster`).
 * Cluster commands go to the master serving the key (never a replica: a read must see the
 * latest write).
 */
export function nodeRedisConnection(
  client: NodeRedisLikeClient | NodeRedisLikeCluster,
  owned?: OwnedClientControl,
): RedisConnection {
  const cluster = isNodeRedisCluster(client)
  const send = cluster
    ? (args: readonly string[], key: string | undefined) =>
        client.sendCommand(key, false, args, COMMAND_OPTIONS)
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
    ready: () =>
      owned && !cluster ? readyOrError(client as NodeRedisLikeClient) : Promise.resolve(),
    onReconnect(listener) {
      client.on('ready', listener)
      return () => client.off('ready', listener)
    },
    lastError: () => owned?.lastError(),
    close: () => owned?.close() ?? Promise.resolve(),
  }
}

/** Whether a node-redis client is a cluster (it has master nodes). */
function isNodeRedisCluster(
  client: NodeRedisLikeClient | NodeRedisLikeCluster,
): client is NodeRedisLikeCluster {
  return Array.isArray((client as Partial<NodeRedisLikeCluster>).masters)
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

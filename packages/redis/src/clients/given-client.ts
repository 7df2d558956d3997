import type {
  IoredisLikeClient,
  NodeRedisLikeClient,
  NodeRedisLikeCluster,
  RedisClientLike,
  RedisConnection,
} from './client-types.js'
import { ioredisConnection } from './ioredis-connection.js'
import { nodeRedisConnection } from './node-redis-connection.js'

/** Whether `value` is a client this package can use: ioredis / iovalkey, or node-redis. */
export function isRedisClient(value: unknown): value is RedisClientLike {
  return isIoredisLike(value) || isNodeRedisLike(value)
}

/** A `RedisConnection` over a client handed in: used as configured, never closed. */
export function givenConnection(client: RedisClientLike): RedisConnection {
  // Which of ioredis and iovalkey does not matter here: they behave alike.
  return isIoredisLike(client) ? ioredisConnection(client, 'ioredis') : nodeRedisConnection(client)
}

function isIoredisLike(value: unknown): value is IoredisLikeClient {
  const client = value as Partial<Record<string, unknown>> | null
  return (
    typeof client === 'object' &&
    client !== null &&
    ['call', 'evalsha', 'on', 'off'].every((method) => typeof client[method] === 'function')
  )
}

function isNodeRedisLike(value: unknown): value is NodeRedisLikeClient | NodeRedisLikeCluster {
  const client = value as Partial<Record<string, unknown>> | null
  return (
    typeof client === 'object' &&
    client !== null &&
    ['sendCommand', 'on', 'off'].every((method) => typeof client[method] === 'function')
  )
}

import { connectNodeRedis } from '../node-redis.js'
import { onRedisServer, type RedisServer } from '../redis-servers.js'
import { endpointOf, type TargetDefinition } from '../target.js'
import { blobFloorTarget } from './blob-floor.js'

/** node-redis GETEX / GET + SET EX / SET NX EX / DEL. */
export function nodeRedisFloorTarget(server: RedisServer): TargetDefinition {
  const { name, family } = onRedisServer('floor-node-redis', server)
  return {
    name,
    label: 'floor: node-redis GET+SET',
    family,
    kind: 'floor',
    server,
    async open(options) {
      const redis = await connectNodeRedis(endpointOf(options, name))
      const expiration = (ttl: number) => ({ type: 'EX', value: ttl }) as const
      const client = {
        getAndTouch: (key: string, ttl: number) => redis.getEx(key, expiration(ttl)),
        get: (key: string) => redis.get(key),
        async set(key: string, value: string, ttl: number) {
          await redis.set(key, value, { expiration: expiration(ttl) })
        },
        add: async (key: string, value: string, ttl: number) =>
          (await redis.set(key, value, { expiration: expiration(ttl), condition: 'NX' })) === 'OK',
        async delete(key: string) {
          await redis.del(key)
        },
        close: () => redis.close(),
      }
      return blobFloorTarget(client, options.prefix, options.fields, options.ttl, name)
    },
  }
}

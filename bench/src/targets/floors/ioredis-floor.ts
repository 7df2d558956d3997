import { Redis } from 'ioredis'
import { onRedisServer, type RedisServer } from '../redis-servers.js'
import { endpointOf, type TargetDefinition } from '../target.js'
import { blobFloorTarget } from './blob-floor.js'

/** ioredis GETEX / GET + SET EX / SET NX EX / DEL. */
export function ioredisFloorTarget(server: RedisServer): TargetDefinition {
  const { name, family } = onRedisServer('floor-ioredis', server)
  return {
    name,
    label: 'floor: ioredis GET+SET',
    family,
    kind: 'floor',
    server,
    async open(options) {
      const { host, port } = endpointOf(options, name)
      const redis = new Redis({ host, port, lazyConnect: true })
      await redis.connect()
      const client = {
        getAndTouch: (key: string, ttl: number) => redis.getex(key, 'EX', ttl),
        get: (key: string) => redis.get(key),
        async set(key: string, value: string, ttl: number) {
          await redis.set(key, value, 'EX', ttl)
        },
        add: async (key: string, value: string, ttl: number) =>
          (await redis.set(key, value, 'EX', ttl, 'NX')) === 'OK',
        async delete(key: string) {
          await redis.del(key)
        },
        async close() {
          await redis.quit()
        },
      }
      return blobFloorTarget(client, options.prefix, options.fields, options.ttl, name)
    },
  }
}

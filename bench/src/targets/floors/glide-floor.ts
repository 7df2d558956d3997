import { onRedisServer, type RedisServer } from '../redis-servers.js'
import { endpointOf, type TargetDefinition } from '../target.js'
import { blobFloorTarget } from './blob-floor.js'

/**
 * @valkey/valkey-glide GETEX / GET + SET EX / SET NX EX / DEL. Optional: the client is a
 * native module shipped per platform, loaded only when this target is opened.
 */
export function glideFloorTarget(server: RedisServer): TargetDefinition {
  const { name, family } = onRedisServer('floor-glide', server)
  return {
    name,
    label: 'floor: valkey-glide GET+SET',
    family,
    kind: 'floor',
    server,
    optional: true,
    async open(options) {
      const { GlideClient, TimeUnit } = await import('@valkey/valkey-glide')
      const { host, port } = endpointOf(options, name)
      const glide = await GlideClient.createClient({
        addresses: [{ host, port }],
        requestTimeout: 5_000,
      })
      const expiry = (ttl: number) => ({ type: TimeUnit.Seconds, count: ttl })
      const getexExpiry = (ttl: number) => ({ type: TimeUnit.Seconds, duration: ttl })
      const text = (value: unknown) => (value === null ? null : String(value))
      const client = {
        getAndTouch: async (key: string, ttl: number) =>
          text(await glide.getex(key, { expiry: getexExpiry(ttl) })),
        get: async (key: string) => text(await glide.get(key)),
        async set(key: string, value: string, ttl: number) {
          await glide.set(key, value, { expiry: expiry(ttl) })
        },
        add: async (key: string, value: string, ttl: number) =>
          (await glide.set(key, value, {
            expiry: expiry(ttl),
            conditionalSet: 'onlyIfDoesNotExist',
          })) === 'OK',
        async delete(key: string) {
          await glide.del([key])
        },
        async close() {
          glide.close()
        },
      }
      return blobFloorTarget(client, options.prefix, options.fields, options.ttl, name)
    },
  }
}

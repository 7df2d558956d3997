import connectMemcached from 'connect-memcached'
import { RedisStore } from 'connect-redis'
import session from 'express-session'
import memorystore from 'memorystore'
import { expressStoreTarget } from './express-store.js'
import { connectNodeRedis } from './node-redis.js'
import { onRedisServer, type RedisServer } from './redis-servers.js'
import { endpointOf, hostPort, type TargetDefinition } from './target.js'

/** connect-redis on node-redis, the store connect-redis's README sets up. */
export function connectRedisTarget(server: RedisServer): TargetDefinition {
  const { name, family } = onRedisServer('connect-redis', server)
  return {
    name,
    label: 'connect-redis (node-redis)',
    family,
    kind: 'peer',
    server,
    async open({ endpoint, prefix, fields, ttl }) {
      const client = await connectNodeRedis(endpointOf({ endpoint, prefix, fields, ttl }, name))
      const store = new RedisStore({ client, prefix })
      return expressStoreTarget(store, fields, ttl, name, async () => {
        await client.close()
      })
    },
  }
}

/** connect-memcached (on the `memcached` client), TTL from the cookie as it does by default. */
export const CONNECT_MEMCACHED: TargetDefinition = {
  name: 'connect-memcached',
  label: 'connect-memcached',
  family: 'memcache',
  kind: 'peer',
  server: 'memcached',
  async open(options) {
    const MemcachedStore = connectMemcached(session)
    const store = new MemcachedStore({
      hosts: [hostPort(endpointOf(options, 'connect-memcached'))],
      prefix: options.prefix,
    })
    return expressStoreTarget(store, options.fields, options.ttl, 'connect-memcached', async () => {
      store.client.end()
    })
  },
}

/** memorystore, pruning expired sessions every minute as its README advises. */
export const MEMORYSTORE: TargetDefinition = {
  name: 'memorystore',
  label: 'memorystore',
  family: 'memory',
  kind: 'peer',
  async open({ fields, ttl }) {
    const MemoryStore = memorystore(session)
    const store = new MemoryStore({ checkPeriod: 60_000 })
    return expressStoreTarget(store, fields, ttl, 'memorystore', async () => {
      store.stopInterval()
    })
  },
}

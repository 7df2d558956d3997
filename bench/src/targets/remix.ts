import type { SessionStorage } from '@remix-run/session'
import { createMemorySessionStorage } from '@remix-run/session/memory-storage'
import { createMemcacheSessionStorage } from '@remix-run/session-storage-memcache'
import { createRedisSessionStorage } from '@remix-run/session-storage-redis'
import { COUNTER_FIELD, counterOf } from '../session/session-fields.js'
import { connectNodeRedis } from './node-redis.js'
import { onRedisServer, type RedisServer } from './redis-servers.js'
import { endpointOf, hostPort, type SessionTarget, type TargetDefinition } from './target.js'

/** The Remix v3 session storage for Redis, on node-redis (its README's client), with a TTL. */
export function remixRedisTarget(server: RedisServer): TargetDefinition {
  const { name, family } = onRedisServer('remix-redis', server)
  return {
    name,
    label: '@remix-run redis storage (node-redis)',
    family,
    kind: 'peer',
    server,
    async open(options) {
      const client = await connectNodeRedis(endpointOf(options, name))
      const storage = createRedisSessionStorage(client, {
        keyPrefix: options.prefix,
        ttl: options.ttl,
      })
      return remixTarget(storage, options.fields, name, async () => {
        await client.close()
      })
    },
  }
}

/** The Remix v3 session storage for memcache (its own client: one connection per command). */
export const REMIX_MEMCACHE: TargetDefinition = {
  name: 'remix-memcache',
  label: '@remix-run memcache storage',
  family: 'memcache',
  kind: 'peer',
  server: 'memcached',
  async open(options) {
    const storage = createMemcacheSessionStorage(hostPort(endpointOf(options, 'remix-memcache')), {
      keyPrefix: options.prefix,
      ttlSeconds: options.ttl,
    })
    return remixTarget(storage, options.fields, 'remix-memcache', async () => {})
  },
}

/** The Remix v3 memory storage (a Map of the session objects; no expiry, no copy). */
export const REMIX_MEMORY: TargetDefinition = {
  name: 'remix-memory',
  label: '@remix-run memory storage',
  family: 'memory',
  kind: 'peer',
  notComparable: 'keeps the session objects themselves: no copy isolation, no expiry',
  async open(options) {
    return remixTarget(createMemorySessionStorage(), options.fields, 'remix-memory', async () => {})
  },
}

/** The cycles on a Remix `SessionStorage`: `read`, work on the session, `save`. */
function remixTarget(
  storage: SessionStorage,
  fields: Readonly<Record<string, unknown>>,
  name: string,
  close: () => Promise<void>,
): SessionTarget {
  const load = async (ref: string) => {
    const session = await storage.read(ref)
    if (session.id !== ref) throw new Error(`${name}: session not found`)
    return session
  }
  return {
    async create() {
      const session = await storage.read(null)
      for (const [key, value] of Object.entries(fields)) session.set(key, value)
      const cookie = await storage.save(session)
      if (!cookie) throw new Error(`${name}: a new session was not stored`)
      return cookie
    },
    async read(ref) {
      const session = await load(ref)
      const counter = counterOf(session.get(COUNTER_FIELD), name)
      await storage.save(session)
      return counter
    },
    async modify(ref, afterRead) {
      const session = await load(ref)
      const counter = counterOf(session.get(COUNTER_FIELD), name)
      afterRead?.()
      session.set(COUNTER_FIELD, counter + 1)
      await storage.save(session)
      return counter
    },
    async destroy(ref) {
      const session = await load(ref)
      session.destroy()
      await storage.save(session)
    },
    close,
  }
}

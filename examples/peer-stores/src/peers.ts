import { createMemcacheSessionStorage as createRemixMemcacheStorage } from '@remix-run/session-storage-memcache'
import { createRedisSessionStorage as createRemixRedisStorage } from '@remix-run/session-storage-redis'
import type { SessionDriver } from '@sessionkit/core/driver'
import MemcachedStore from 'connect-memcached'
import { RedisStore } from 'connect-redis'
import session from 'express-session'
import MemoryStore from 'memorystore'
import { createClient } from 'redis'
import { expressStoreDriver } from './express-store-driver.js'
import { remixStorageDriver } from './remix-storage-driver.js'

/** Where the servers are, once started (the factories are called inside the tests). */
export interface PeerServers {
  redisUrl: string
  memcachedAddress: string
}

/** A peer store wrapped as a driver: how to make it, working or pointed at a dead port. */
export interface PeerTarget {
  readonly name: string
  readonly package: string
  createDriver(prefix: string): Promise<SessionDriver>
  createUnreachableDriver?(timeout: number): Promise<SessionDriver>
}

const REFUSING_PORT = 1

async function nodeRedis(url: string, timeout?: number) {
  const client = createClient({
    url,
    socket: timeout === undefined ? {} : { connectTimeout: timeout, reconnectStrategy: false },
  })
  client.on('error', () => {})
  if (timeout === undefined) await client.connect()
  else client.connect().catch(() => {})
  const close = async () => {
    if (client.isOpen) await client.close()
  }
  return { client, close }
}

/** The five peers, as drivers over the servers in `servers`. */
export function peerTargets(servers: PeerServers): PeerTarget[] {
  const MemcachedSessionStore = MemcachedStore(session)
  const MemorySessionStore = MemoryStore(session)
  return [
    {
      name: 'connect-redis',
      package: 'connect-redis 10 on node-redis 5',
      async createDriver(prefix) {
        const { client, close } = await nodeRedis(servers.redisUrl)
        return expressStoreDriver(new RedisStore({ client, prefix }), close)
      },
      async createUnreachableDriver(timeout) {
        const { client, close } = await nodeRedis(`redis://127.0.0.1:${REFUSING_PORT}`, timeout)
        return expressStoreDriver(new RedisStore({ client }), close)
      },
    },
    {
      name: 'memorystore',
      package: 'memorystore 1.6',
      async createDriver() {
        const store = new MemorySessionStore({ checkPeriod: 60_000 })
        return expressStoreDriver(store, async () => store.stopInterval())
      },
    },
    {
      name: 'connect-memcached',
      package: 'connect-memcached 3 on memcached 2',
      async createDriver(prefix) {
        const store = new MemcachedSessionStore({ hosts: [servers.memcachedAddress], prefix })
        return expressStoreDriver(store, async () => memcachedOf(store).end())
      },
      async createUnreachableDriver(timeout) {
        const hosts = [`127.0.0.1:${REFUSING_PORT}`]
        const store = new MemcachedSessionStore({ hosts, timeout, retries: 0 })
        return expressStoreDriver(store, async () => memcachedOf(store).end())
      },
    },
    {
      name: 'remix redis',
      package: '@remix-run/session-storage-redis 0.1 on node-redis 5',
      async createDriver(prefix) {
        const { client, close } = await nodeRedis(servers.redisUrl)
        return remixStorageDriver(
          (ttl) => createRemixRedisStorage(client, { keyPrefix: prefix, ttl }),
          close,
        )
      },
      async createUnreachableDriver(timeout) {
        const { client, close } = await nodeRedis(`redis://127.0.0.1:${REFUSING_PORT}`, timeout)
        return remixStorageDriver((ttl) => createRemixRedisStorage(client, { ttl }), close)
      },
    },
    {
      name: 'remix memcache',
      package: '@remix-run/session-storage-memcache 0.1',
      async createDriver(prefix) {
        return remixStorageDriver(
          (ttl) =>
            createRemixMemcacheStorage(servers.memcachedAddress, {
              keyPrefix: prefix,
              ttlSeconds: ttl,
            }),
          async () => {},
        )
      },
      async createUnreachableDriver() {
        return remixStorageDriver(
          (ttl) => createRemixMemcacheStorage(`127.0.0.1:${REFUSING_PORT}`, { ttlSeconds: ttl }),
          async () => {},
        )
      },
    },
  ]
}

/** The memcached client connect-memcached made (it keeps it as `client`). */
function memcachedOf(store: session.Store): { end(): void } {
  return (store as unknown as { client: { end(): void } }).client
}

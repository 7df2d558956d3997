import { createConnection } from 'node:net'
import { Cluster, Redis } from 'ioredis'
import memjs from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type RedisFlavor,
  startMemcachedPool,
  startRedisCluster,
  startRedisServer,
  type TestCluster,
  type TestServer,
  type TestServerPool,
} from './index.js'

const refuses = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })

const withRedis = async <T>(server: TestServer, use: (client: Redis) => Promise<T>) => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 0, lazyConnect: true })
  try {
    await client.connect()
    return await use(client)
  } finally {
    client.disconnect()
  }
}

const flavors: { flavor: RedisFlavor; hasHashFieldTtl: boolean }[] = [
  { flavor: 'redis8', hasHashFieldTtl: true },
  { flavor: 'valkey9', hasHashFieldTtl: true },
  { flavor: 'valkey8', hasHashFieldTtl: false },
]

describe.each(flavors)('$flavor server', ({ flavor, hasHashFieldTtl }) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer(flavor)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('answers PING', async () => {
    expect(server.url).toBe(`redis://${server.host}:${server.port}`)
    expect(await withRedis(server, (client) => client.ping())).toBe('PONG')
  })

  it(hasHashFieldTtl ? 'supports HEXPIRE and HTTL' : 'rejects HEXPIRE', async () => {
    await withRedis(server, async (client) => {
      await client.hset('h', 'f', 'v')
      const hexpire = client.call('HEXPIRE', 'h', '100', 'FIELDS', '1', 'f')
      if (!hasHashFieldTtl) {
        await expect(hexpire).rejects.toThrow(/unknown command/i)
        return
      }
      expect(await hexpire).toEqual([1])
      const ttl = (await client.call('HTTL', 'h', 'FIELDS', '1', 'f')) as number[]
      expect(ttl[0]).toBeGreaterThan(90)
      expect(ttl[0]).toBeLessThanOrEqual(100)
    })
  })
})

describe('pause and resume', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer('redis8')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('refuses connections while paused and serves again on the same port', async () => {
    const { host, port } = server
    await server.pause()
    expect(await refuses(host, port)).toBe(true)
    await server.resume()
    expect(server.port).toBe(port)
    expect(await withRedis(server, (client) => client.ping())).toBe('PONG')
  })
})

describe('memcached pool', () => {
  let pool: TestServerPool
  beforeAll(async () => {
    pool = await startMemcachedPool(3)
  })
  afterAll(async () => {
    await pool?.stop()
  })

  it('starts 3 distinct servers that each answer set/get', async () => {
    expect(new Set(pool.servers.map((s) => s.port)).size).toBe(3)
    for (const [i, server] of pool.servers.entries()) {
      expect(server.url).toBe(`${server.host}:${server.port}`)
      const client = memjs.Client.create(server.url, { retries: 0, logger: { log: () => {} } })
      try {
        await client.set(`key-${i}`, `value-${i}`, { expires: 60 })
        const { value } = await client.get(`key-${i}`)
        expect(value?.toString()).toBe(`value-${i}`)
      } finally {
        client.close()
      }
    }
  })

  it('pauses and resumes a memcached server on the same port', async () => {
    const [server] = pool.servers
    if (!server) throw new Error('empty pool')
    await server.pause()
    expect(await refuses(server.host, server.port)).toBe(true)
    await server.resume()
    expect(await refuses(server.host, server.port)).toBe(false)
  })
})

describe('redis cluster', () => {
  let cluster: TestCluster
  beforeAll(async () => {
    cluster = await startRedisCluster()
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('reports cluster_state:ok on every node', async () => {
    expect(cluster.nodes).toHaveLength(3)
    for (const node of cluster.nodes) {
      const client = new Redis({ host: node.host, port: node.port, lazyConnect: true })
      try {
        await client.connect()
        expect(await client.cluster('INFO')).toContain('cluster_state:ok')
      } finally {
        client.disconnect()
      }
    }
  })

  it('serves keys in different slots through ioredis Cluster', async () => {
    const client = new Cluster(cluster.nodes)
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `key:${i}`)
      for (const key of keys) await client.set(key, `v-${key}`)
      for (const key of keys) expect(await client.get(key)).toBe(`v-${key}`)
      const owners = new Set<string>()
      for (const key of keys) {
        const slot = (await client.cluster('KEYSLOT', key)) as number
        const node = client.slots[slot]?.[0]
        if (node) owners.add(node)
      }
      expect(owners.size).toBe(3)
    } finally {
      client.disconnect()
    }
  })
})

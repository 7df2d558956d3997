import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisCluster, type TestCluster } from '@sessionkit/test-servers'
import { Cluster } from 'iovalkey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniqueTestPrefix } from '../test-support/redis-targets.js'
import { createRedisDriver } from './redis-driver.js'
import { createRedisSessionStorage } from './redis-storage.js'

// Valkey 8.1 emulates field TTL with a companion key per session: the case where a session
// has more than one key, which must all hash to one slot.
describe('Valkey 8.1 cluster through an iovalkey Cluster client', () => {
  let cluster: TestCluster
  let client: Cluster
  let storage: SessionStorage
  let prefix: string

  beforeAll(async () => {
    cluster = await startRedisCluster('valkey8')
    client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } })
    prefix = uniqueTestPrefix()
    storage = createRedisSessionStorage({ client, prefix, timeout: 2_000 })
    await storage.ready()
  })

  afterAll(async () => {
    await storage?.close()
    await client?.quit()
    await cluster?.stop()
  })

  const slotOf = async (key: string) => Number(await client.call('CLUSTER', 'KEYSLOT', key))

  it('keeps every key of a session in one slot, and spreads sessions over the nodes', async () => {
    expect(storage.capabilities.fieldTtl).toBe('emulated')
    const cookies: string[] = []
    for (let i = 0; i < 30; i++) {
      const session = await storage.read(null)
      session.set('user', i)
      session.set('otp', i, { ttl: 600 })
      cookies.push((await storage.save(session)) as string)
    }
    const slots = new Set<number>()
    for (const cookie of cookies) {
      const record = `${prefix}{${storageIdOf(cookie)}}`
      expect(await client.exists(record, `${record}:exp`)).toBe(2)
      const slot = await slotOf(record)
      expect(await slotOf(`${record}:exp`)).toBe(slot)
      expect(slot).toBe(await slotOf(storageIdOf(cookie)))
      slots.add(slot)
    }
    expect(slots.size).toBeGreaterThan(20)

    const masters = (await client.call('CLUSTER', 'SHARDS')) as unknown[]
    expect(masters).toHaveLength(3)
    const nodesHolding = await Promise.all(
      client.nodes('master').map(async (node) => (await node.dbsize()) > 0),
    )
    expect(nodesHolding.filter(Boolean).length).toBeGreaterThan(1)
  })

  it('reads, updates, regenerates and destroys across slots', async () => {
    const session = await storage.read(null)
    session.set('a', 1)
    session.set('otp', 'x', { ttl: 600 })
    const cookie = (await storage.save(session)) as string

    const loaded = await storage.read(cookie)
    loaded.set('b', 2)
    loaded.regenerateId()
    const next = (await storage.save(loaded)) as string
    expect(next).not.toBe(cookie)
    expect((await storage.read(cookie)).isNew).toBe(true)
    const old = `${prefix}{${storageIdOf(cookie)}}`
    expect(await client.exists(old)).toBe(0)
    expect(await client.exists(`${old}:exp`)).toBe(0)

    const moved = await storage.read(next)
    expect(moved.get('a')).toBe(1)
    expect(moved.get('b')).toBe(2)
    expect(moved.ttl('otp')).toBeGreaterThan(590)
    moved.destroy()
    expect(await storage.save(moved)).toBe('')
    const gone = `${prefix}{${storageIdOf(next)}}`
    expect(await client.exists(gone)).toBe(0)
    expect(await client.exists(`${gone}:exp`)).toBe(0)
  })

  it('has no move on a Cluster client (ids live in different slots), and leaves the client open', async () => {
    const driver = createRedisDriver({ client, prefix })
    expect(driver.move).toBeUndefined()
    await driver.close()
    expect(client.status).toBe('ready')
  })
})

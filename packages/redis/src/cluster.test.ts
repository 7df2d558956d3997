import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisCluster, type TestCluster } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClusterClient, connectCluster } from '../test-support/clusters.js'
import { LIBRARY_NAMES, uniqueTestPrefix } from '../test-support/redis-targets.js'
import { createRedisDriver } from './redis-driver.js'
import { createRedisSessionStorage } from './redis-storage.js'

// Valkey 8.1 emulates field TTL: expiry times live in the session's hash beside the fields, so
// a session is still one key, in the slot of its id.
let cluster: TestCluster
beforeAll(async () => {
  cluster = await startRedisCluster('valkey8')
})
afterAll(async () => {
  await cluster?.stop()
})

describe.each(['iovalkey', 'redis'] as const)('Valkey 8.1 cluster through %s', (library) => {
  let connection: ClusterClient
  let storage: SessionStorage
  let prefix: string

  beforeAll(async () => {
    connection = await connectCluster(library, cluster)
    prefix = uniqueTestPrefix()
    storage = createRedisSessionStorage({ client: connection.client, prefix, timeout: 2_000 })
    await storage.ready()
  })

  afterAll(async () => {
    await storage?.close()
    await connection?.quit()
  })

  const recordOf = (cookie: string) => `${prefix}{${storageIdOf(cookie)}}`
  const slotOf = async (key: string) =>
    Number(await connection.command(key, ['CLUSTER', 'KEYSLOT', key]))
  const exists = async (key: string) => Number(await connection.command(key, ['EXISTS', key]))

  it(`keeps a session in one key in the slot of its id, spread over the nodes (${LIBRARY_NAMES[library]})`, async () => {
    expect(storage.capabilities.fieldTtl).toBe('emulated')
    const slots = new Set<number>()
    for (let i = 0; i < 30; i++) {
      const session = await storage.read(null)
      session.set('user', i)
      session.set('otp', i, { ttl: 600 })
      const cookie = (await storage.save(session)) as string
      const record = recordOf(cookie)
      expect(await exists(record)).toBe(1)
      expect(await connection.command(record, ['HEXISTS', record, '__sk:d:t:otp'])).toBe(1)
      const slot = await slotOf(record)
      expect(slot).toBe(await slotOf(storageIdOf(cookie)))
      slots.add(slot)
    }
    expect(slots.size).toBeGreaterThan(20)
  })

  it('lists, counts and clears its sessions on every master (SCAN per node)', async () => {
    await storage.clear?.()
    const users = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const session = await storage.read(null)
      session.set('user', i)
      await storage.save(session)
      users.add(i)
    }
    expect(await storage.count?.()).toBe(12)
    const listed = new Set<unknown>()
    for await (const { data } of storage.list?.() ?? []) listed.add(data.user)
    expect(listed).toEqual(users)
    await storage.clear?.()
    expect(await storage.count?.()).toBe(0)
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
    expect(await exists(recordOf(cookie))).toBe(0)

    const moved = await storage.read(next)
    expect(moved.get('a')).toBe(1)
    expect(moved.get('b')).toBe(2)
    expect(moved.ttl('otp')).toBeGreaterThan(590)
    moved.destroy()
    expect(await storage.save(moved)).toBe('')
    expect(await exists(recordOf(next))).toBe(0)
  })

  it('has no move on a cluster client (ids live in different slots), and leaves the client open', async () => {
    const driver = createRedisDriver({ client: connection.client, prefix })
    expect(driver.move).toBeUndefined()
    await driver.close()
    expect((await storage.read(null)).isNew).toBe(true)
    const session = await storage.read(null)
    session.set('still', 'open')
    expect(await storage.save(session)).toBeTruthy()
  })
})

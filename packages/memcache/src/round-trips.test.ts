import { storageIdOf } from '@sessionkit/core/driver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  keyOf,
  saveNew,
  storageWithDriver,
  uniquePrefix,
  useMemcachedServer,
} from '../test-support/fixtures.js'
import { type RequestLogProxy, startRequestLogProxy } from '../test-support/request-log-proxy.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { Opcode } from './network/memjs-ops.js'

// What a request costs on the wire, counted by a proxy in front of a real memcached: every
// binary-protocol request the driver sends, with the CAS it carries.

const memcached = useMemcachedServer()
let proxy: RequestLogProxy

beforeAll(async () => {
  proxy = await startRequestLogProxy(memcached.url)
})

afterAll(async () => {
  await proxy?.close()
})

const NAMES: Record<number, string> = {
  [Opcode.get]: 'GET',
  [Opcode.set]: 'SET',
  [Opcode.add]: 'ADD',
  [Opcode.delete]: 'DELETE',
  [Opcode.touch]: 'TOUCH',
  [Opcode.getAndTouch]: 'GAT',
}

/** The requests logged since the last call, as `GAT`, `SET+cas`…, then forgotten. */
function sent(): string[] {
  const names = proxy.requests.map(({ opcode, cas }) => NAMES[opcode] + (cas ? '+cas' : ''))
  proxy.clear()
  return names
}

/** A storage through the proxy, and one straight to the server (another app server). */
function storages() {
  const prefix = uniquePrefix()
  const proxied = storageWithDriver({ servers: [proxy.url], prefix })
  const direct = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
  return { ...proxied, direct, prefix }
}

describe('round trips per request', () => {
  it('a modifying request sends a GAT and a SET with the CAS the GAT returned; a read only the GAT', async () => {
    const { storage, direct } = storages()
    const cookie = await saveNew(direct, { counter: 0, user: 'ann' })
    sent()
    for (let i = 0; i < 5; i++) {
      const session = await storage.read(cookie)
      session.set('counter', (session.get('counter') as number) + 1)
      expect(await storage.save(session)).toBe(cookie)
      expect(sent()).toEqual(['GAT', 'SET+cas'])
    }
    for (let i = 0; i < 5; i++) {
      const session = await storage.read(cookie)
      expect(session.get('counter')).toBe(5)
      expect(await storage.save(session)).toBeNull()
      expect(sent()).toEqual(['GAT'])
    }
    expect((await direct.read(cookie)).get('user')).toBe('ann')
    await Promise.all([storage.close(), direct.close()])
  })

  it('a save whose CAS went stale reads the session again and re-applies its change: both changes stay', async () => {
    const { storage, driver, direct } = storages()
    const cookie = await saveNew(direct, { a: 1 })
    const session = await storage.read(cookie)
    // Another app server changes the session between this request's read and its save.
    const other = await direct.read(cookie)
    other.set('b', 2)
    await direct.save(other)
    sent()
    session.set('c', 3)
    expect(await storage.save(session)).toBe(cookie)
    expect(sent()).toEqual(['SET+cas', 'GET', 'SET+cas'])
    expect(driver.stats().updateRetries).toBe(1)
    const merged = await direct.read(cookie)
    expect([merged.get('a'), merged.get('b'), merged.get('c')]).toEqual([1, 2, 3])
    await Promise.all([storage.close(), direct.close()])
  })

  it('a session destroyed between read and save is not written back', async () => {
    const { storage, direct, prefix } = storages()
    const cookie = await saveNew(direct, { a: 1 })
    const session = await storage.read(cookie)
    const other = await direct.read(cookie)
    other.destroy()
    await direct.save(other)
    sent()
    session.set('b', 2)
    expect(await storage.save(session)).toBe('')
    expect(sent()).toEqual(['SET+cas'])
    expect((await memcached.raw.get(keyOf(prefix, cookie))).value).toBeNull()
    await Promise.all([storage.close(), direct.close()])
  })

  it('a read that consumes a flash saves with the CAS of its own write: still no GET', async () => {
    const { storage, direct } = storages()
    const first = await direct.read(null)
    first.set('user', 'ann')
    first.flash('notice', 'saved!')
    const cookie = (await direct.save(first)) as string
    sent()
    const session = await storage.read(cookie)
    expect(session.get('notice')).toBe('saved!')
    session.set('seen', true)
    expect(await storage.save(session)).toBe(cookie)
    expect(sent()).toEqual(['GAT', 'SET+cas', 'SET+cas'])
    const after = await direct.read(cookie)
    expect([after.get('notice'), after.get('seen'), after.get('user')]).toEqual([
      undefined,
      true,
      'ann',
    ])
    await Promise.all([storage.close(), direct.close()])
  })

  it('a save without a read before it (driver used alone) reads with GET first', async () => {
    const { storage, driver, direct } = storages()
    const cookie = await saveNew(direct, { a: 1 })
    sent()
    expect(
      await driver.update(storageIdOf(cookie), { set: { b: { value: '2' } }, unset: [] }, 60),
    ).toBe(true)
    expect(sent()).toEqual(['GET', 'SET+cas'])
    expect((await direct.read(cookie)).get('b')).toBe(2)
    await Promise.all([storage.close(), direct.close()])
  })
  it("an owned session's generation is fetched beside its item once the app server knows its owner", async () => {
    const { storage, direct } = storages()
    const login = await direct.read(null)
    login.setOwner('ada')
    login.set('user', 'ada')
    const cookie = (await direct.save(login)) ?? ''
    sent()
    await storage.read(cookie)
    // First read on this app server: the owner is in the item, its generation read after it.
    expect(sent()).toEqual(['GAT', 'GET'])
    await storage.read(cookie)
    // Known owner: the generation GET is sent before the GAT's answer, in the same round trip.
    expect(sent()).toEqual(['GET', 'GAT'])
    const session = await storage.read(cookie)
    session.set('n', 1)
    expect(await storage.save(session)).toBe(cookie)
    // The save checks the generation beside its CAS write.
    expect(sent()).toEqual(['GET', 'GAT', 'SET+cas', 'GET'])
    await direct.revokeAllSessions('ada')
    sent()
    expect((await storage.read(cookie)).isNew).toBe(true)
    // Revoked: refused by the read that finds it, and deleted.
    expect(sent()).toEqual(['GET', 'GAT', 'DELETE'])
  })
})

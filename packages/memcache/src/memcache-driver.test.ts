import { SessionDataError } from '@sessionkit/core'
import { CREATED_FIELD, storageIdOf } from '@sessionkit/core/driver'
import { describe, expect, it } from 'vitest'
import {
  keyOf,
  rawClient,
  saveNew,
  sleep,
  storageWithDriver,
  uniquePrefix,
  useMemcachedServer,
} from '../test-support/fixtures.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { decodeItem, type ItemFields } from './session-item.js'

const memcached = useMemcachedServer()

/** The stored text of `key`, or null. */
const rawText = async (key: string) => (await memcached.raw.get(key)).value?.toString() ?? null

/** The fields stored under `key`, decoded, or null. */
const rawFields = async (key: string) => {
  const text = await rawText(key)
  return text === null ? null : decodeItem(text, key)
}

describe('memcache driver on one server', () => {
  it('stores one item per session under prefix + storage id, in the documented format', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const cookie = await saveNew(storage, { user: { id: 7 }, theme: 'dark' })
    expect(await rawText(keyOf(prefix, cookie))).toMatch(
      /^2;4,8:user\{"id":7\};5,6:theme"dark";12,13:__sk:created\d{13}$/,
    )
    expect(CREATED_FIELD).toBe('__sk:created')
    const session = await storage.read(cookie)
    expect(session.isNew).toBe(false)
    expect(session.get('user')).toEqual({ id: 7 })
    await storage.close()
  })

  it('emulates field TTLs: expired fields are not returned and are dropped by the next save', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const session = await storage.read(null)
    session.set('otp', '123456', { ttl: 1 })
    session.set('user', 'ann')
    const cookie = (await storage.save(session)) as string
    const stored = await rawFields(keyOf(prefix, cookie))
    expect(stored?.get('otp')?.expiresAt).toBeGreaterThan(Date.now())
    expect(stored?.get('user')?.expiresAt).toBeUndefined()
    expect((await storage.read(cookie)).ttl('otp')).toBe(1)
    await sleep(1_100)
    const later = await storage.read(cookie)
    expect(later.has('otp')).toBe(false)
    later.set('seen', true)
    await storage.save(later)
    const item = (await rawFields(keyOf(prefix, cookie))) as ItemFields
    expect([...item.keys()].sort()).toEqual([CREATED_FIELD, 'seen', 'user'].sort())
    expect([...item.values()].every((field) => field.expiresAt === undefined)).toBe(true)
    await storage.close()
  })

  it('never recreates a session that is gone: the save clears the cookie', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const cookie = await saveNew(storage, { a: 1 })
    const session = await storage.read(cookie)
    await memcached.raw.delete(keyOf(prefix, cookie))
    session.set('b', 2)
    expect(await storage.save(session)).toBe('')
    expect(await memcached.raw.get(keyOf(prefix, cookie))).toEqual({ value: null, flags: null })
    await storage.close()
  })

  it('moves a session on regenerateId: new key holds the data, old key is gone', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const cookie = await saveNew(storage, { user: 'ann' })
    const session = await storage.read(cookie)
    session.regenerateId()
    session.set('role', 'admin')
    const next = (await storage.save(session)) as string
    expect(next).not.toBe(cookie)
    expect(await rawText(keyOf(prefix, cookie))).toBeNull()
    const moved = await rawFields(keyOf(prefix, next))
    expect([moved?.get('user')?.value, moved?.get('role')?.value]).toEqual(['"ann"', '"admin"'])
    const kept = await storage.read(cookie)
    expect(kept.isNew).toBe(true)
    await storage.close()
  })

  it('gives each flash to exactly one of two concurrent loads (the loser re-reads)', async () => {
    const prefix = uniquePrefix()
    const { storage, driver } = storageWithDriver({ servers: [memcached.url], prefix })
    const first = await storage.read(null)
    first.flash('notice', 'saved!')
    first.set('user', 'ann')
    const cookie = (await storage.save(first)) as string
    // Both reads are pipelined on one connection: both see the flash, one CAS write wins.
    const [a, b] = await Promise.all([storage.read(cookie), storage.read(cookie)])
    expect([a.get('notice'), b.get('notice')].sort()).toEqual(['saved!', undefined])
    expect([a.get('user'), b.get('user')]).toEqual(['ann', 'ann'])
    expect(driver.stats().loadRetries).toBe(1)
    expect((await storage.read(cookie)).get('notice')).toBeUndefined()
    await storage.close()
  })

  it('reads sessions stored in the JSON format of earlier versions, and saves them in the current one', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const cookie = await saveNew(storage, { a: 1 })
    const created = (await rawFields(keyOf(prefix, cookie)))?.get(CREATED_FIELD)?.value
    const v1 = {
      v: 1,
      f: { user: '"ann"', [CREATED_FIELD]: created },
      e: { otp: Date.now() + 60_000 },
    }
    await memcached.raw.set(
      keyOf(prefix, cookie),
      JSON.stringify({ ...v1, f: { ...v1.f, otp: '1' } }),
      {
        expires: 60,
      },
    )
    const session = await storage.read(cookie)
    expect([session.get('user'), session.get('otp'), session.ttl('otp')]).toEqual(['ann', 1, 60])
    session.set('seen', true)
    await storage.save(session)
    expect(await rawText(keyOf(prefix, cookie))).toMatch(/^2;/)
    const again = await storage.read(cookie)
    expect([again.get('user'), again.get('otp'), again.get('seen')]).toEqual(['ann', 1, true])
    await storage.close()
  })

  it('reads a corrupt item as a SessionDataError', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix })
    const cookie = await saveNew(storage, { a: 1 })
    await memcached.raw.set(keyOf(prefix, cookie), 'not json', { expires: 60 })
    await expect(storage.read(cookie)).rejects.toBeInstanceOf(SessionDataError)
    await storage.close()
  })

  it('uses a given memjs client and leaves it open on close', async () => {
    const prefix = uniquePrefix()
    const client = rawClient(memcached.url)
    const storage = createMemcacheSessionStorage({ client, prefix })
    const cookie = await saveNew(storage, { a: 1 })
    await storage.close()
    const value = (await client.get(prefix + storageIdOf(cookie))).value
    expect(value).not.toBeNull()
    client.close()
  })
})

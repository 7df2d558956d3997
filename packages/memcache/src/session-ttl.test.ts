import { describe, expect, it } from 'vitest'
import {
  keyOf,
  saveNew,
  sleep,
  uniquePrefix,
  useMemcachedServer,
} from '../test-support/fixtures.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { memcachedExpiration } from './network/expiration.js'

const memcached = useMemcachedServer()

const present = async (key: string) => (await memcached.raw.get(key)).value !== null

describe('session expiry on memcached', () => {
  it('slides the TTL on every read (get-and-touch): a read session outlives its first TTL', async () => {
    const prefix = uniquePrefix()
    // memcached's clock ticks once a second: an item with a TTL of n s lives n-1 to n s.
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix, ttl: 3 })
    const cookie = await saveNew(storage, { user: 'ann' })
    const unread = await saveNew(storage, { user: 'bob' })
    await sleep(2_000)
    expect((await storage.read(cookie)).isNew).toBe(false)
    await sleep(1_500)
    // 3.5 s after the save: past the original TTL, within the one the read restarted.
    expect(await present(keyOf(prefix, cookie))).toBe(true)
    expect((await storage.read(cookie)).get('user')).toBe('ann')
    expect(await present(keyOf(prefix, unread))).toBe(false)
    expect((await storage.read(unread)).isNew).toBe(true)
    await storage.close()
  })

  it('stores sessions with a TTL over 30 days (sent as a Unix time), readable at once', async () => {
    const prefix = uniquePrefix()
    const ttl = 45 * 86_400
    const storage = createMemcacheSessionStorage({ servers: [memcached.url], prefix, ttl })
    const cookie = await saveNew(storage, { user: 'ann' })
    const session = await storage.read(cookie)
    expect(session.isNew).toBe(false)
    session.set('seen', 1)
    expect(await storage.save(session)).toBe(cookie)
    await sleep(1_100)
    expect((await storage.read(cookie)).get('seen')).toBe(1)
    expect(await present(keyOf(prefix, cookie))).toBe(true)

    // What the conversion prevents: the same TTL sent as relative seconds is read as a time
    // in 1970, and memcached drops the item at once.
    const key = `${prefix}relative`
    await memcached.raw.set(key, 'x', { expires: ttl })
    expect(await present(key)).toBe(false)
    await memcached.raw.set(key, 'x', { expires: memcachedExpiration(ttl) })
    expect(await present(key)).toBe(true)
    await storage.close()
  })
})

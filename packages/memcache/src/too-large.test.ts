import { SessionTooLargeError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { keyOf, saveNew, uniquePrefix, useMemcachedServer } from '../test-support/fixtures.js'
import { DEFAULT_ITEM_SIZE_LIMIT } from './item-size.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

const memcached = useMemcachedServer()

const big = 'x'.repeat(DEFAULT_ITEM_SIZE_LIMIT + 10_000)

describe('sessions too large for memcached', () => {
  it('rejects a new session over the item size limit and stores nothing', async () => {
    // maxSize above memcached's 1 MiB item limit, so the item size check is the one to refuse.
    const storage = createMemcacheSessionStorage({
      servers: [memcached.url],
      prefix: uniquePrefix(),
      maxSize: 4 * DEFAULT_ITEM_SIZE_LIMIT,
    })
    const session = await storage.read(null)
    session.set('blob', big)
    const error = await storage.save(session).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionTooLargeError)
    expect((error as SessionTooLargeError).limit).toBe(DEFAULT_ITEM_SIZE_LIMIT)
    expect((error as SessionTooLargeError).size).toBeGreaterThan(DEFAULT_ITEM_SIZE_LIMIT)
    expect(session.isNew).toBe(true)
    await storage.close()
  })

  it('rejects an update over the limit and keeps the stored session as it was', async () => {
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({
      servers: [memcached.url],
      prefix,
      maxSize: 4 * DEFAULT_ITEM_SIZE_LIMIT,
    })
    const cookie = await saveNew(storage, { user: 'ann' })
    const before = (await memcached.raw.get(keyOf(prefix, cookie))).value?.toString()
    const session = await storage.read(cookie)
    session.set('blob', big)
    await expect(storage.save(session)).rejects.toBeInstanceOf(SessionTooLargeError)
    expect((await memcached.raw.get(keyOf(prefix, cookie))).value?.toString()).toBe(before)
    const again = await storage.read(cookie)
    expect([again.get('user'), again.has('blob')]).toEqual(['ann', false])
    await storage.close()
  })

  it('puts the session back when the server itself refuses an update as too large', async () => {
    // With itemSizeLimit above the server's real 1 MiB, the SET reaches memcached, which
    // refuses it and deletes the stored item; the driver restores it.
    const prefix = uniquePrefix()
    const storage = createMemcacheSessionStorage({
      servers: [memcached.url],
      prefix,
      maxSize: 4 * DEFAULT_ITEM_SIZE_LIMIT,
      itemSizeLimit: 8 * DEFAULT_ITEM_SIZE_LIMIT,
    })
    const cookie = await saveNew(storage, { user: 'ann' })
    const session = await storage.read(cookie)
    session.set('blob', big)
    const error = await storage.save(session).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionTooLargeError)
    expect(String((error as Error).cause)).toMatch(/memcached refused the item as too large/)
    const again = await storage.read(cookie)
    expect([again.isNew, again.get('user'), again.has('blob')]).toEqual([false, 'ann', false])

    const fresh = await storage.read(null)
    fresh.set('blob', big)
    await expect(storage.save(fresh)).rejects.toBeInstanceOf(SessionTooLargeError)
    expect((await memcached.raw.get(keyOf(prefix, fresh.id))).value).toBeNull()
    await storage.close()
  })

  it('leaves sessions over maxSize to core, which refuses them before any write', async () => {
    const storage = createMemcacheSessionStorage({
      servers: [memcached.url],
      prefix: uniquePrefix(),
      maxSize: 1_000,
    })
    const session = await storage.read(null)
    session.set('blob', 'y'.repeat(2_000))
    const error = await storage.save(session).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionTooLargeError)
    expect((error as SessionTooLargeError).limit).toBe(1_000)
    await storage.close()
  })
})

import { storageIdOf } from '@sessionkit/core/driver'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryDriver } from './memory-driver.js'
import { createMemorySessionStorage } from './memory-storage.js'

// The memory backend hands out the records it holds instead of copies: these tests check that
// nothing a caller holds can change a stored session, and that nothing stored later can change
// what a caller already holds.

const storages: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const storage of storages.splice(0)) await storage.close()
})

/** A memory storage holding one session with `data`; the storage and the session's cookie. */
async function stored(data: Record<string, unknown>) {
  const storage = createMemorySessionStorage()
  storages.push(storage)
  const session = await storage.read(null)
  for (const [key, value] of Object.entries(data)) session.set(key, value)
  return { storage, cookie: (await storage.save(session)) ?? '' }
}

describe('memory storage: copy isolation', () => {
  it('a value that get returned can be mutated without changing the stored session', async () => {
    const { storage, cookie } = await stored({ cart: { items: ['book'] }, tags: ['a'] })
    const session = await storage.read(cookie)
    const cart = session.get('cart') as { items: string[]; total?: number }
    cart.items.push('pen')
    cart.total = 2
    ;(session.get('tags') as string[]).length = 0
    expect(session.get('cart')).toEqual({ items: ['book'] })
    session.set('seen', true)
    expect(await storage.save(session)).toBe(cookie)
    const again = await storage.read(cookie)
    expect([again.get('cart'), again.get('tags'), again.get('seen')]).toEqual([
      { items: ['book'] },
      ['a'],
      true,
    ])
  })

  it('a value passed to set can be mutated afterwards without changing the session', async () => {
    const { storage, cookie } = await stored({ user: 'ada' })
    const session = await storage.read(cookie)
    const profile = { name: 'Ada' }
    session.set('profile', profile)
    profile.name = 'Mallory'
    await storage.save(session)
    profile.name = 'Eve'
    expect(session.get('profile')).toEqual({ name: 'Ada' })
    expect((await storage.read(cookie)).get('profile')).toEqual({ name: 'Ada' })
  })

  it('a session already loaded does not change when another request saves', async () => {
    const { storage, cookie } = await stored({ user: 'ada', theme: 'dark', n: 1 })
    const first = await storage.read(cookie)
    const second = await storage.read(cookie)
    second.set('theme', 'light')
    second.set('n', 2)
    second.unset('user')
    second.set('added', [1])
    expect(await storage.save(second)).toBe(cookie)
    expect(first.keys().sort()).toEqual(['n', 'theme', 'user'])
    expect([first.get('user'), first.get('theme'), first.get('n'), first.has('added')]).toEqual([
      'ada',
      'dark',
      1,
      false,
    ])
    // The first request's own change is written as a patch: it keeps the second one's.
    first.set('n', 10)
    await storage.save(first)
    const after = await storage.read(cookie)
    expect([after.get('user'), after.get('theme'), after.get('n'), after.get('added')]).toEqual([
      undefined,
      'light',
      10,
      [1],
    ])
  })

  it('a loaded session keeps a flash it consumed when another request saves one', async () => {
    const { storage, cookie } = await stored({ user: 'ada' })
    const flashing = await storage.read(cookie)
    flashing.flash('notice', 'first')
    await storage.save(flashing)
    const consumer = await storage.read(cookie)
    const other = await storage.read(cookie)
    other.flash('notice', 'second')
    await storage.save(other)
    expect(consumer.get('notice')).toBe('first')
    expect((await storage.read(cookie)).get('notice')).toBe('second')
    expect((await storage.read(cookie)).get('notice')).toBeUndefined()
  })

  it('what the driver loaded never changes: not by updates, touches, flashes, sweeps or destroy', async () => {
    const driver = createMemoryDriver()
    const id = storageIdOf('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
    driver.create(id, { a: { value: '1' }, b: { value: '2' }, '__sk:flash:f': { value: '3' } }, 60)
    const loaded = await driver.load(id, 60)
    const before = [...(loaded?.fields ?? [])].map(([name, field]) => [name, { ...field }])
    expect(before.map(([name]) => name)).toEqual(['a', 'b', '__sk:flash:f'])
    await driver.update(
      id,
      { set: { a: { value: '10' }, c: { value: '3', ttl: 1 } }, unset: ['b'] },
      60,
    )
    await driver.touch(id, 120)
    await driver.load(id, 60)
    await driver.update(id, { set: { '__sk:flash:g': { value: '4' } }, unset: [] }, 60)
    await driver.move?.(id, `${id}x`, { set: { d: { value: '5' } }, unset: [] }, 60, {
      deleteOld: true,
    })
    await driver.destroy(`${id}x`)
    expect([...(loaded?.fields ?? [])].map(([name, field]) => [name, { ...field }])).toEqual(before)
    await driver.close()
  })
})

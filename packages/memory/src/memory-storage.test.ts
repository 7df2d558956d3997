import { SessionDataError, SessionTooLargeError } from '@sessionkit/core'
import {
  createSessionStorage,
  generateSessionId,
  type SessionDriver,
  storageIdOf,
} from '@sessionkit/core/driver'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryDriver } from './memory-driver.js'
import { createMemorySessionStorage } from './memory-storage.js'

/** The real memory driver, with every call it receives recorded. */
function recordedStorage(options: Parameters<typeof createMemorySessionStorage>[0] = {}) {
  const driver = createMemoryDriver(options)
  const calls: { op: string; args: unknown[] }[] = []
  const recording =
    <A extends unknown[], R>(op: string, call: (...args: A) => R) =>
    (...args: A): R => {
      calls.push({ op, args })
      return call(...args)
    }
  const recorded: SessionDriver = {
    capabilities: driver.capabilities,
    load: recording('load', driver.load),
    create: recording('create', driver.create),
    update: recording('update', driver.update),
    touch: recording('touch', driver.touch),
    destroy: recording('destroy', driver.destroy),
    move: recording('move', (...args: Parameters<NonNullable<SessionDriver['move']>>) =>
      driver.move ? driver.move(...args) : Promise.resolve(false),
    ),
    close: () => driver.close(),
  }
  return { storage: createSessionStorage(recorded, options), calls }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('memory session storage: lifecycle rules', () => {
  it('never hands a malformed cookie value to the driver, and gives it a new id', async () => {
    const { storage, calls } = recordedStorage()
    for (const bad of [
      'x',
      'a'.repeat(10_240),
      `${generateSessionId()}\r\nSet-Cookie: evil`,
      ' ',
      '../../etc',
    ]) {
      const session = await storage.read(bad)
      expect(session.isNew).toBe(true)
      expect(session.id).not.toBe(bad)
    }
    expect(calls).toEqual([])
  })

  it('gives a well-formed but unknown id a new id (no fixation)', async () => {
    const { storage } = recordedStorage()
    const planted = generateSessionId()
    const session = await storage.read(planted)
    expect(session.isNew).toBe(true)
    expect(session.id).not.toBe(planted)
    session.set('user', 'victim')
    expect(await storage.save(session)).toBe(session.id)
    expect((await storage.read(planted)).isNew).toBe(true)
  })

  it('stores under a hash of the id, never the id itself', async () => {
    const { storage, calls } = recordedStorage()
    const session = await storage.read(null)
    session.set('a', 1)
    await storage.save(session)
    expect(calls.map((call) => call.op)).toEqual(['create'])
    expect(calls[0]?.args[0]).toBe(storageIdOf(session.id))
    expect(JSON.stringify(calls)).not.toContain(session.id)
  })

  it('does not store or set a cookie for an untouched new session', async () => {
    const { storage, calls } = recordedStorage()
    expect(await storage.save(await storage.read(null))).toBeNull()
    expect(calls).toEqual([])
  })

  it('writes only what changed, and nothing for an unchanged session', async () => {
    const { storage, calls } = recordedStorage()
    const created = await storage.read(null)
    created.set('a', 1)
    created.set('b', 2)
    const id = (await storage.save(created)) ?? ''
    calls.length = 0
    const unchanged = await storage.read(id)
    expect(await storage.save(unchanged)).toBeNull()
    expect(calls.map((call) => call.op)).toEqual(['load'])
    const changed = await storage.read(id)
    changed.set('b', 3)
    changed.unset('a')
    await storage.save(changed)
    expect(calls.at(-1)).toMatchObject({
      op: 'update',
      // The last argument: the session's owner (none here).
      args: [storageIdOf(id), { set: { b: { value: '3' } }, unset: ['a'] }, 604_800, undefined],
    })
  })

  it('never brings back a session destroyed by a concurrent request (late save)', async () => {
    const storage = createMemorySessionStorage()
    const session = await storage.read(null)
    session.set('user', 'ada')
    const id = (await storage.save(session)) ?? ''
    const slow = await storage.read(id)
    const logout = await storage.read(id)
    logout.destroy()
    expect(await storage.save(logout)).toBe('')
    slow.set('cart', ['book'])
    expect(await storage.save(slow)).toBe('')
    expect((await storage.read(id)).isNew).toBe(true)
  })

  it('does not resurrect a session that expired meanwhile', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const storage = createMemorySessionStorage({ ttl: 10 })
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    const late = await storage.read(id)
    vi.setSystemTime(1_000_000 + 11_000)
    late.set('b', 2)
    expect(await storage.save(late)).toBe('')
    expect((await storage.read(id)).isNew).toBe(true)
  })

  it('refreshes the session TTL on reads once due and expires it when idle', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const storage = createMemorySessionStorage({ ttl: 10 })
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    for (let step = 1; step <= 3; step++) {
      vi.setSystemTime(1_000_000 + step * 8_000)
      expect((await storage.read(id)).get('a')).toBe(1)
    }
    vi.setSystemTime(1_000_000 + 3 * 8_000 + 10_001)
    expect((await storage.read(id)).isNew).toBe(true)
  })

  it('expires a field on its own ttl while the session lives on', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const storage = createMemorySessionStorage({ ttl: 100 })
    const session = await storage.read(null)
    session.set('remember', true, { ttl: 30 })
    session.set('user', 'ada')
    const id = (await storage.save(session)) ?? ''
    vi.setSystemTime(1_010_000)
    const later = await storage.read(id)
    expect(later.ttl('remember')).toBe(20)
    vi.setSystemTime(1_030_001)
    const expired = await storage.read(id)
    expect(expired.has('remember')).toBe(false)
    expect(expired.get('user')).toBe('ada')
  })

  it('refuses a save over maxSize and keeps the stored session as it was', async () => {
    const storage = createMemorySessionStorage({ maxSize: 1024 })
    const session = await storage.read(null)
    session.set('small', 'x')
    const id = (await storage.save(session)) ?? ''
    const growing = await storage.read(id)
    growing.set('big', 'y'.repeat(2000))
    growing.set('small', 'changed')
    await expect(storage.save(growing)).rejects.toThrow(SessionTooLargeError)
    const after = await storage.read(id)
    expect(after.get('small')).toBe('x')
    expect(after.has('big')).toBe(false)
  })

  it('refuses non-serialisable values at set, naming the key, and writes nothing', async () => {
    const storage = createMemorySessionStorage()
    const session = await storage.read(null)
    expect(() => session.set('when', new Date())).toThrow(SessionDataError)
    expect(() => session.set('n', 1n)).toThrow(/"n"/)
    expect(await storage.save(session)).toBeNull()
  })

  it('moves data on regenerateId and kills the old id, or keeps it with deleteOld false', async () => {
    const storage = createMemorySessionStorage()
    const session = await storage.read(null)
    session.set('user', 'ada')
    const first = (await storage.save(session)) ?? ''
    const loaded = await storage.read(first)
    loaded.regenerateId()
    const second = (await storage.save(loaded)) ?? ''
    expect(second).not.toBe(first)
    expect((await storage.read(first)).isNew).toBe(true)
    const kept = await storage.read(second)
    kept.regenerateId({ deleteOld: false })
    const third = (await storage.save(kept)) ?? ''
    expect((await storage.read(second)).get('user')).toBe('ada')
    expect((await storage.read(third)).get('user')).toBe('ada')
  })

  it('shows a flash on the next read only', async () => {
    const storage = createMemorySessionStorage()
    const session = await storage.read(null)
    session.flash('notice', 'Welcome')
    const id = (await storage.save(session)) ?? ''
    expect((await storage.read(id)).get('notice')).toBe('Welcome')
    expect((await storage.read(id)).get('notice')).toBeUndefined()
  })
})

describe('memory session storage: memory bounds', () => {
  it('evicts least recently used sessions past max', async () => {
    const storage = createMemorySessionStorage({ max: 2 })
    const ids: string[] = []
    for (const name of ['a', 'b', 'c']) {
      const session = await storage.read(null)
      session.set('name', name)
      ids.push((await storage.save(session)) ?? '')
    }
    expect((await storage.read(ids[0] ?? null)).isNew).toBe(true)
    expect((await storage.read(ids[2] ?? null)).get('name')).toBe('c')
  })

  it('evicts past maxBytes', async () => {
    const storage = createMemorySessionStorage({ maxBytes: 6_000 })
    const ids: string[] = []
    for (let index = 0; index < 4; index++) {
      const session = await storage.read(null)
      session.set('blob', 'x'.repeat(2_000))
      ids.push((await storage.save(session)) ?? '')
    }
    const alive = await Promise.all(ids.map(async (id) => !(await storage.read(id)).isNew))
    expect(alive).toEqual([false, false, true, true])
  })

  it('sweeps expired sessions on its timer, which close() stops', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const driver = createMemoryDriver({ checkPeriod: 1_000 })
    await driver.create('id1', { a: { value: '1' } }, 1)
    await driver.create('id2', { a: { value: '1' }, b: { value: '2', ttl: 1 } }, 60)
    expect(vi.getTimerCount()).toBe(1)
    vi.advanceTimersByTime(1_500)
    expect(await driver.create('id1', { a: { value: 'new' } }, 1)).toBe(true)
    expect(new Map((await driver.load('id2', 60))?.fields)).toEqual(
      new Map([['a', { value: '1', expiresAt: undefined }]]),
    )
    await driver.close()
    expect(vi.getTimerCount()).toBe(0)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionConfigError, SessionDataError, SessionUnsupportedError } from '../errors.js'
import { createSessionStorage } from './create-session-storage.js'
import type { FieldWrite, SessionDriver, StoredField } from './driver.js'
import { LIFETIME_FIELD } from './reserved-fields.js'

/** A minimal in-memory driver that records the calls core makes (core's logic under test). */
function recordingDriver(options: { fieldTtl?: 'native' | 'none'; refreshOnLoad?: number } = {}) {
  const records = new Map<string, { fields: Map<string, StoredField>; expiresAt: number }>()
  const calls: string[] = []
  const put = (fields: Map<string, StoredField>, writes: Record<string, FieldWrite>) => {
    for (const [name, write] of Object.entries(writes)) fields.set(name, { value: write.value })
  }
  const driver: SessionDriver = {
    capabilities: { fieldTtl: options.fieldTtl ?? 'native' },
    async load(id, ttl) {
      calls.push(`load ${ttl}`)
      const record = records.get(id)
      if (!record || record.expiresAt <= Date.now()) return null
      if (options.refreshOnLoad !== undefined) {
        record.expiresAt = Date.now() + options.refreshOnLoad * 1000
      }
      return { fields: new Map(record.fields), expiresAt: record.expiresAt }
    },
    async create(id, fields, ttl) {
      calls.push(`create ${ttl}`)
      if (records.has(id)) return false
      const stored = new Map<string, StoredField>()
      put(stored, fields)
      records.set(id, { fields: stored, expiresAt: Date.now() + ttl * 1000 })
      return true
    },
    async update(id, patch, ttl) {
      calls.push(`update ${ttl}`)
      const record = records.get(id)
      if (!record) return false
      for (const name of patch.unset) record.fields.delete(name)
      put(record.fields, patch.set)
      record.expiresAt = Date.now() + ttl * 1000
      return true
    },
    async touch(id, ttl) {
      calls.push(`touch ${ttl}`)
      const record = records.get(id)
      if (!record) return false
      record.expiresAt = Date.now() + ttl * 1000
      return true
    },
    async destroy(id) {
      calls.push('destroy')
      records.delete(id)
    },
    async close() {},
  }
  return { driver, records, calls }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createSessionStorage: TTL refresh', () => {
  it('refreshes on read only once refreshAfter of the TTL has passed, and reports expiresAt', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const { driver, calls } = recordingDriver()
    const storage = createSessionStorage(driver, { ttl: 100, refreshAfter: 0.2 })
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    expect(session.expiresAt).toBe(1_100_000)
    calls.length = 0
    vi.setSystemTime(1_019_000)
    expect((await storage.read(id)).expiresAt).toBe(1_100_000)
    expect(calls).toEqual(['load 100'])
    vi.setSystemTime(1_020_000)
    expect((await storage.read(id)).expiresAt).toBe(1_120_000)
    expect(calls).toEqual(['load 100', 'load 100', 'touch 100'])
  })

  it('does not touch what the driver refreshed while loading', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const { driver, calls } = recordingDriver({ refreshOnLoad: 100 })
    const storage = createSessionStorage(driver, { ttl: 100, refreshAfter: 0 })
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    vi.setSystemTime(1_050_000)
    calls.length = 0
    expect((await storage.read(id)).expiresAt).toBe(1_150_000)
    expect(calls).toEqual(['load 100'])
  })

  it('gives a new session when the record vanishes between load and touch', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const { driver } = recordingDriver()
    const storage = createSessionStorage(
      { ...driver, touch: async () => false },
      { ttl: 10, refreshAfter: 0 },
    )
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    vi.setSystemTime(1_005_000)
    const read = await storage.read(id)
    expect(read.isNew).toBe(true)
    expect(read.id).not.toBe(id)
  })

  it('refuses a refreshAfter outside 0 to below 1', () => {
    const { driver } = recordingDriver()
    expect(() => createSessionStorage(driver, { refreshAfter: 1 })).toThrow(SessionConfigError)
    expect(() => createSessionStorage(driver, { refreshAfter: -0.1 })).toThrow(/refreshAfter/)
  })
})

describe('createSessionStorage: a session lifetime of its own', () => {
  it('stores it, writes and refreshes with it, and keeps it across reads', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] })
    const { driver, records, calls } = recordingDriver()
    const storage = createSessionStorage(driver, { ttl: 100, refreshAfter: 0.5 })
    const session = await storage.read(null)
    session.set('user', 'ada')
    session.setLifetime(1_000)
    const id = (await storage.save(session)) ?? ''
    expect(calls).toEqual(['create 1000'])
    expect(session.expiresAt).toBe(2_000_000)
    expect([...(records.values().next().value?.fields.keys() ?? [])]).toContain(LIFETIME_FIELD)
    vi.setSystemTime(1_600_000)
    const read = await storage.read(id)
    expect(read.lifetime).toBe(1_000)
    expect(read.keys()).toEqual(['user'])
    expect(calls.slice(1)).toEqual(['load 100', 'touch 1000'])
    read.setLifetime(null)
    expect(read.dirty).toBe(true)
    expect(await storage.save(read)).toBe(id)
    expect(calls.at(-1)).toBe('update 100')
    expect((await storage.read(id)).lifetime).toBeUndefined()
  })

  it('refuses lifetimes that are not whole seconds > 0', async () => {
    const { driver } = recordingDriver()
    const session = await createSessionStorage(driver).read(null)
    expect(() => session.setLifetime(0)).toThrow(SessionDataError)
    expect(() => session.setLifetime(1.5)).toThrow(SessionDataError)
  })
})

describe('createSessionStorage: capabilities and readiness', () => {
  it('refuses key TTLs on a driver without per-field TTL', async () => {
    const { driver } = recordingDriver({ fieldTtl: 'none' })
    const session = await createSessionStorage(driver).read(null)
    expect(() => session.set('otp', 1, { ttl: 30 })).toThrow(/no per-key TTL/)
    session.set('plain', 1)
    expect(session.get('plain')).toBe(1)
  })

  it('ready() waits for the driver and resolves with the capabilities', async () => {
    const { driver } = recordingDriver()
    let ready = false
    const storage = createSessionStorage(
      {
        ...driver,
        ready: async () => {
          ready = true
        },
      },
      { timeout: 100 },
    )
    expect(await storage.ready()).toEqual({ fieldTtl: 'native' })
    expect(ready).toBe(true)
    const hanging = createSessionStorage(
      { ...driver, ready: () => new Promise(() => {}) },
      { timeout: 50 },
    )
    await expect(hanging.ready()).rejects.toThrow(/connect timed out after 50 ms/)
    await hanging.close()
  })
})

describe('enumeration (list, count, clear)', () => {
  it('rejects with SessionUnsupportedError when the driver cannot scan', async () => {
    const { driver } = recordingDriver()
    const storage = createSessionStorage(driver)
    await expect(storage.count?.()).rejects.toThrow(SessionUnsupportedError)
    await expect(storage.clear?.()).rejects.toThrow(/cannot enumerate/)
    const list = storage.list?.()[Symbol.asyncIterator]()
    await expect(list?.next()).rejects.toMatchObject({ code: 'SESSION_UNSUPPORTED' })
  })
})

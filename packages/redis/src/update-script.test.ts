import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_CLIENT_TARGETS,
  rawClient,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import { FIELD_EXPIRY_PREFIX, NEXT_FIELD_EXPIRY_FIELD, VERSION_FIELD } from './record/layout.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The update script writes most saves with one HSET (no field removed, none with a TTL, no field
// TTL in the record) and the others on its general path. These saves must take the general path.
describe.each(DEFAULT_CLIENT_TARGETS)('saves off the update fast path on $name', (target) => {
  let server: TestServer
  let raw: Redis
  let storage: SessionStorage
  let prefix: string

  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
    raw = rawClient(server)
    prefix = uniqueTestPrefix()
    const url = targetUrl(server, target)
    storage = createRedisSessionStorage({ url, library: target.library, prefix, ttl: 600 })
    await storage.ready()
  })

  afterAll(async () => {
    await storage?.close()
    await raw?.quit()
    await server?.stop()
  })

  const recordOf = (cookie: string) => `${prefix}{${storageIdOf(cookie)}}`

  /** A stored session with `data`, loaded again: its cookie, record key, version and session. */
  const stored = async (data: Record<string, unknown>, ttl?: Record<string, number>) => {
    const created = await storage.read(null)
    for (const [key, value] of Object.entries(data)) {
      created.set(key, value, ttl?.[key] === undefined ? {} : { ttl: ttl[key] })
    }
    const cookie = (await storage.save(created)) as string
    const record = recordOf(cookie)
    const version = Number(await raw.hget(record, VERSION_FIELD))
    return { cookie, record, version, session: await storage.read(cookie) }
  }

  it('a plain save to a record with a field TTL drops the expiry of the key it overwrites', async () => {
    const { cookie, record, version, session } = await stored({ temp: 1, keep: 2 }, { temp: 60 })
    expect(await raw.hexists(record, `${FIELD_EXPIRY_PREFIX}temp`)).toBe(1)
    session.set('temp', 3)
    expect(await storage.save(session)).toBe(cookie)
    expect(await raw.hexists(record, `${FIELD_EXPIRY_PREFIX}temp`)).toBe(0)
    expect(await raw.hget(record, 'temp')).toBe('3')
    expect(Number(await raw.hget(record, VERSION_FIELD))).toBe(version + 1)
    expect((await storage.read(cookie)).ttl('temp')).toBeUndefined()
  })

  it('a save that removes a key removes it, and bumps the version once', async () => {
    const { cookie, record, version, session } = await stored({ gone: 1, kept: 2 })
    session.unset('gone')
    session.set('kept', 3)
    expect(await storage.save(session)).toBe(cookie)
    expect(await raw.hexists(record, 'gone')).toBe(0)
    expect(await raw.hget(record, 'kept')).toBe('3')
    expect(Number(await raw.hget(record, VERSION_FIELD))).toBe(version + 1)
  })

  it('a save with a key TTL records its expiry beside it', async () => {
    const { record, session } = await stored({ plain: 1 })
    expect(await raw.hexists(record, NEXT_FIELD_EXPIRY_FIELD)).toBe(0)
    session.set('timed', 1, { ttl: 60 })
    await storage.save(session)
    expect(await raw.hexists(record, `${FIELD_EXPIRY_PREFIX}timed`)).toBe(1)
    expect(await raw.hexists(record, NEXT_FIELD_EXPIRY_FIELD)).toBe(1)
  })

  it('a save of more keys than one HSET of the fast path takes writes every one of them', async () => {
    const { cookie, record, version, session } = await stored({ first: 0 })
    const many: Record<string, number> = {}
    for (let i = 0; i < 900; i++) many[`k${i}`] = i
    for (const [key, value] of Object.entries(many)) session.set(key, value)
    expect(await storage.save(session)).toBe(cookie)
    expect(await raw.hlen(record)).toBeGreaterThanOrEqual(901)
    expect(Number(await raw.hget(record, VERSION_FIELD))).toBe(version + 1)
    const read = await storage.read(cookie)
    for (const [key, value] of Object.entries(many)) expect(read.get(key)).toBe(value)
  })
})

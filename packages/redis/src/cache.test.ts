import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { commandsDuring } from '../test-support/monitor.js'
import {
  DEFAULT_CLIENT_TARGETS,
  rawClient,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import type { RedisOptions } from './options.js'
import { createRedisSessionStorage } from './redis-storage.js'

const names = (commands: string[][]) => commands.map(([name = '']) => name.toLowerCase())

// The record cache on a real server: each storage keeps the sessions it saw and checks their
// version on every read. Several app servers are several storages on one Redis.
describe.each(DEFAULT_CLIENT_TARGETS)('record cache on $name', (target) => {
  let server: TestServer
  let raw: Redis
  let prefix: string
  const opened: SessionStorage[] = []

  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
    raw = rawClient(server)
  })
  afterEach(async () => {
    for (const storage of opened.splice(0)) await storage.close()
  })
  afterAll(async () => {
    await raw?.quit()
    await server?.stop()
  })

  /** A storage on the shared server and prefix (another app server). */
  const open = async (options: Partial<RedisOptions> = {}) => {
    const storage = createRedisSessionStorage({
      url: targetUrl(server, target),
      library: target.library,
      prefix,
      ...options,
    } as RedisOptions)
    opened.push(storage)
    await storage.ready()
    return storage
  }

  /** A stored session holding `fields`, saved through `storage`; its cookie. */
  const stored = async (storage: SessionStorage, fields: Record<string, unknown>) => {
    const session = await storage.read(null)
    for (const [key, value] of Object.entries(fields)) session.set(key, value)
    return (await storage.save(session)) as string
  }

  beforeAll(() => {
    prefix = uniqueTestPrefix()
  })

  it("a change through one storage is seen by the other's next read", async () => {
    const [one, two] = [await open(), await open()]
    const cookie = await stored(one, { n: 1, keep: 'k' })
    expect((await two.read(cookie)).get('n')).toBe(1)
    expect((await two.read(cookie)).get('n')).toBe(1)

    const session = await one.read(cookie)
    session.set('n', 2)
    session.set('added', true)
    session.unset('keep')
    await one.save(session)
    const seen = await two.read(cookie)
    expect(seen.get('n')).toBe(2)
    expect(seen.get('added')).toBe(true)
    expect(seen.has('keep')).toBe(false)
    // And back: the writer's own cache follows the other storage's change too.
    seen.set('n', 3)
    await two.save(seen)
    expect((await one.read(cookie)).get('n')).toBe(3)
  })

  it("a destroy through one storage makes the other's next read new (a revoked session is gone)", async () => {
    const [one, two] = [await open(), await open()]
    const cookie = await stored(one, { user: 7 })
    expect((await two.read(cookie)).get('user')).toBe(7)
    const session = await one.read(cookie)
    session.destroy()
    await one.save(session)
    const after = await two.read(cookie)
    expect(after.isNew).toBe(true)
    expect(after.get('user')).toBeUndefined()
  })

  it('a read of a known, unchanged session asks the server for its version only', async () => {
    const storage = await open()
    const cookie = await stored(storage, { big: 'x'.repeat(4000) })
    const sent = await commandsDuring(server, async () => {
      expect((await storage.read(cookie)).get('big')).toBe('x'.repeat(4000))
    })
    expect(sent).toEqual([['hmget', expect.any(String), '__sk:d:v', '__sk:d:x']])
    // A version changed behind its back (another storage's save) means a full read.
    await raw.hincrby(`${prefix}{${storageIdOf(cookie)}}`, '__sk:d:v', 1)
    const again = await commandsDuring(server, () => storage.read(cookie))
    expect(names(again)).toEqual(['hmget', 'hgetall'])
  })

  it('is bounded: sessions beyond cacheMaxEntries, or larger than cacheMaxBytes, are read whole', async () => {
    const storage = await open({ cacheMaxEntries: 2, cacheMaxBytes: 4096 })
    const cookies = [
      await stored(storage, { i: 1 }),
      await stored(storage, { i: 2 }),
      await stored(storage, { i: 3 }),
    ]
    const [first, second, third] = cookies as [string, string, string]
    expect(names(await commandsDuring(server, () => storage.read(third)))).toEqual(['hmget'])
    expect(names(await commandsDuring(server, () => storage.read(second)))).toEqual(['hmget'])
    expect(names(await commandsDuring(server, () => storage.read(first)))).toEqual(['hgetall'])
    expect((await storage.read(first)).get('i')).toBe(1)

    const large = await stored(storage, { blob: 'y'.repeat(5000) })
    expect(names(await commandsDuring(server, () => storage.read(large)))).toEqual(['hgetall'])
    expect(names(await commandsDuring(server, () => storage.read(large)))).toEqual(['hgetall'])
  })

  it('can be turned off: every read fetches the whole hash', async () => {
    const storage = await open({ cache: false })
    const cookie = await stored(storage, { n: 1 })
    for (let i = 0; i < 2; i++) {
      const sent = await commandsDuring(server, async () => {
        expect((await storage.read(cookie)).get('n')).toBe(1)
      })
      expect(names(sent)).toEqual(['hgetall'])
    }
  })

  it('hands every read its own fields: a later save does not change what an earlier read got', async () => {
    const storage = await open()
    const cookie = await stored(storage, { n: 1 })
    const early = await storage.read(cookie)
    const writer = await storage.read(cookie)
    writer.set('n', 2)
    await storage.save(writer)
    expect(early.get('n')).toBe(1)
    expect((await storage.read(cookie)).get('n')).toBe(2)
  })
})

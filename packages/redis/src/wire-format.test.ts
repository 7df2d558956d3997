import type { SessionStorage } from '@sessionkit/core'
import { CREATED_FIELD, storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandsDuring } from '../test-support/monitor.js'
import {
  rawClient,
  STANDALONE_TARGETS,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import { createRedisSessionStorage } from './redis-storage.js'

/** The command names in `commands`, lower case. */
const namesOf = (commands: string[][]) => commands.map(([name = '']) => name.toLowerCase())

/**
 * Run every script once, so that the server has them cached: the first use of a script on a
 * server costs a second round trip (EVALSHA answered NOSCRIPT, then EVAL).
 */
async function warmUp(storage: SessionStorage): Promise<void> {
  const session = await storage.read(null)
  session.set('warm', 1)
  const cookie = (await storage.save(session)) as string
  const loaded = await storage.read(cookie)
  loaded.set('warm', 2)
  await storage.save(loaded)
  loaded.regenerateId()
  await storage.save(loaded)
  loaded.flash('note', 'x')
  await storage.save(loaded)
  await storage.read(loaded.id)
  loaded.destroy()
  await storage.save(loaded)
}

describe.each(STANDALONE_TARGETS)('key layout and wire format on $name', (target) => {
  let server: TestServer
  let raw: Redis
  let storage: SessionStorage
  let uncached: SessionStorage
  let prefix: string

  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
    raw = rawClient(server)
    prefix = uniqueTestPrefix()
    const options = { url: targetUrl(server, target), library: target.library, prefix, ttl: 600 }
    storage = createRedisSessionStorage(options)
    uncached = createRedisSessionStorage({ ...options, cache: false })
    await storage.ready()
    await uncached.ready()
    await warmUp(storage)
  })

  afterAll(async () => {
    await storage?.close()
    await uncached?.close()
    await raw?.quit()
    await server?.stop()
  })

  it('keeps a session in one hash under prefix + {storage id}, never the raw id', async () => {
    const session = await storage.read(null)
    session.set('user', { id: 7, name: 'Ada' })
    session.set('cart', [1, 2], { ttl: 60 })
    const before = Date.now()
    const cookie = await storage.save(session)
    if (!cookie) throw new Error('not saved')

    const record = `${prefix}{${storageIdOf(cookie)}}`
    const keys = await raw.keys(`${prefix}*`)
    expect(keys).toEqual([record])
    expect(keys.some((key) => key.includes(cookie))).toBe(false)

    expect(await raw.type(record)).toBe('hash')
    const fields = await raw.hgetall(record)
    expect(Object.keys(fields).sort()).toEqual([
      '__sk:created',
      '__sk:d:n',
      '__sk:d:t:cart',
      '__sk:d:v',
      '__sk:d:x',
      'cart',
      'user',
    ])
    expect(fields.user).toBe('{"id":7,"name":"Ada"}')
    expect(fields.cart).toBe('[1,2]')
    expect(Number(fields[CREATED_FIELD])).toBeGreaterThan(Date.now() - 60_000)
    expect(Number.isSafeInteger(Number(fields['__sk:d:v']))).toBe(true)
    // The record's expiry time (by the app server's clock), as the server set its TTL.
    const expiresAt = Number(fields['__sk:d:x'])
    expect(Math.abs(expiresAt - Number(await raw.pexpiretime(record)))).toBeLessThan(1_000)
    expect(expiresAt).toBeGreaterThanOrEqual(before + 599_000)
    expect(Number(fields['__sk:d:t:cart'])).toBeGreaterThanOrEqual(before + 59_000)
    expect(fields['__sk:d:n']).toBe(fields['__sk:d:t:cart'])
    const ttl = await raw.ttl(record)
    expect(ttl).toBeGreaterThan(590)
    expect(ttl).toBeLessThanOrEqual(600)
  })

  it('a save sends only the changed field, bumps the version and leaves other fields untouched', async () => {
    const first = await storage.read(null)
    first.set('a', 1)
    first.set('b', 'big'.repeat(100))
    first.set('c', true)
    const cookie = (await storage.save(first)) as string
    const record = `${prefix}{${storageIdOf(cookie)}}`
    const version = Number(await raw.hget(record, '__sk:d:v'))

    const session = await storage.read(cookie)
    // Another request changes "b" between this request's load and save.
    await raw.hset(record, 'b', '"written elsewhere"')
    session.set('a', 2)
    const sent = await commandsDuring(server, () => storage.save(session))

    expect(sent).toHaveLength(1)
    const [command, ...args] = sent[0] ?? []
    expect(command?.toLowerCase()).toBe('evalsha')
    expect(args).toContain('a')
    expect(args).toContain('2')
    expect(args).not.toContain('b')
    expect(args).not.toContain('c')
    expect(args.join(' ')).not.toContain('big'.repeat(100))

    expect(await raw.hgetall(record)).toMatchObject({ a: '2', b: '"written elsewhere"', c: 'true' })
    expect(Number(await raw.hget(record, '__sk:d:v'))).toBe(version + 1)
  })

  it('every operation is one round trip; a read is a plain command (once the scripts are cached)', async () => {
    const session = await storage.read(null)
    session.set('x', 1)
    let cookie = ''
    expect(
      namesOf(
        await commandsDuring(server, async () => {
          cookie = (await storage.save(session)) as string
        }),
      ),
    ).toEqual(['evalsha'])
    // The storage knows the session it created: it only checks the version.
    let loaded = session
    expect(
      namesOf(
        await commandsDuring(server, async () => {
          loaded = await storage.read(cookie)
        }),
      ),
    ).toEqual(['hmget'])
    expect(loaded.get('x')).toBe(1)
    // Without the cache, or for a session it has not seen, a read fetches the whole hash.
    expect(namesOf(await commandsDuring(server, () => uncached.read(cookie)))).toEqual(['hgetall'])
    loaded.set('y', 2)
    loaded.unset('x')
    expect(namesOf(await commandsDuring(server, () => storage.save(loaded)))).toEqual(['evalsha'])
    loaded.regenerateId()
    expect(namesOf(await commandsDuring(server, () => storage.save(loaded)))).toEqual(['evalsha'])
    loaded.destroy()
    expect(namesOf(await commandsDuring(server, () => storage.save(loaded)))).toEqual(['del'])
  })

  it('a read that finds a flash consumes it by script: exactly one of two readers gets it', async () => {
    const session = await storage.read(null)
    session.flash('notice', 'saved')
    const cookie = (await storage.save(session)) as string
    const sent = await commandsDuring(server, async () => {
      const readers = await Promise.all([uncached.read(cookie), uncached.read(cookie)])
      expect(readers.map((reader) => reader.get('notice')).sort()).toEqual(['saved', undefined])
    })
    expect(namesOf(sent).filter((name) => name === 'evalsha').length).toBeGreaterThanOrEqual(1)
    const record = `${prefix}{${storageIdOf(cookie)}}`
    expect(await raw.hexists(record, '__sk:flash:notice')).toBe(0)
  })

  it('reports how field TTL is enforced', () => {
    expect(storage.capabilities.fieldTtl).toBe(target.fieldTtl)
  })
})

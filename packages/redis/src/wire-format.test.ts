import type { SessionStorage } from '@sessionkit/core'
import { CREATED_FIELD, storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  rawClient,
  STANDALONE_TARGETS,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import { createRedisSessionStorage } from './redis-storage.js'

/** Commands the server received from clients (not from inside scripts) while `action` ran. */
async function commandsDuring(server: TestServer, action: () => Promise<unknown>) {
  // Never connected itself (a QUIT of its own could show up in the monitor's output).
  const client = new Redis({ host: server.host, port: server.port, lazyConnect: true })
  const monitor = await client.monitor()
  client.disconnect()
  const seen: { source: string; args: string[] }[] = []
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua') seen.push({ source, args })
  })
  await action()
  // MONITOR output trails the replies: wait for a marker sent once the action is done.
  const marker = rawClient(server)
  await marker.call('ECHO', 'sk-monitor-end')
  await marker.quit()
  for (let i = 0; i < 50 && !seen.some(({ args }) => args[1] === 'sk-monitor-end'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  monitor.disconnect()
  const markerSource = seen.find(({ args }) => args[1] === 'sk-monitor-end')?.source
  return seen.filter(({ source }) => source !== markerSource).map(({ args }) => args)
}

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
  loaded.destroy()
  await storage.save(loaded)
}

describe.each(STANDALONE_TARGETS)('key layout and wire format on $name', (target) => {
  let server: TestServer
  let raw: Redis
  let storage: SessionStorage
  let prefix: string

  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
    raw = rawClient(server)
    prefix = uniqueTestPrefix()
    storage = createRedisSessionStorage({ url: targetUrl(server, target), prefix, ttl: 600 })
    await storage.ready()
    await warmUp(storage)
  })

  afterAll(async () => {
    await storage?.close()
    await raw?.quit()
    await server?.stop()
  })

  it('keeps a session in one hash under prefix + {storage id}, never the raw id', async () => {
    const session = await storage.read(null)
    session.set('user', { id: 7, name: 'Ada' })
    session.set('cart', [1, 2], { ttl: 60 })
    const cookie = await storage.save(session)
    if (!cookie) throw new Error('not saved')

    const record = `${prefix}{${storageIdOf(cookie)}}`
    const keys = await raw.keys(`${prefix}*`)
    const expected = target.fieldTtl === 'native' ? [record] : [record, `${record}:exp`]
    expect(keys.sort()).toEqual(expected.sort())
    expect(keys.some((key) => key.includes(cookie))).toBe(false)

    expect(await raw.type(record)).toBe('hash')
    const fields = await raw.hgetall(record)
    expect(Object.keys(fields).sort()).toEqual(['__sk:created', 'cart', 'user'])
    expect(fields.user).toBe('{"id":7,"name":"Ada"}')
    expect(fields.cart).toBe('[1,2]')
    expect(Number(fields[CREATED_FIELD])).toBeGreaterThan(Date.now() - 60_000)
    const ttl = await raw.ttl(record)
    expect(ttl).toBeGreaterThan(590)
    expect(ttl).toBeLessThanOrEqual(600)
  })

  it('a save sends only the changed field and leaves other fields untouched', async () => {
    const first = await storage.read(null)
    first.set('a', 1)
    first.set('b', 'big'.repeat(100))
    first.set('c', true)
    const cookie = (await storage.save(first)) as string
    const record = `${prefix}{${storageIdOf(cookie)}}`

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
    expect(args.join(' ')).not.toContain('big')

    expect(await raw.hgetall(record)).toMatchObject({ a: '2', b: '"written elsewhere"', c: 'true' })
  })

  it('every operation is one round trip (once the scripts are cached)', async () => {
    const session = await storage.read(null)
    session.set('x', 1)
    let cookie = ''
    expect(
      await commandsDuring(server, async () => {
        cookie = (await storage.save(session)) as string
      }),
    ).toHaveLength(1)
    let loaded = session
    expect(
      await commandsDuring(server, async () => {
        loaded = await storage.read(cookie)
      }),
    ).toHaveLength(1)
    loaded.set('y', 2)
    loaded.unset('x')
    expect(await commandsDuring(server, () => storage.save(loaded))).toHaveLength(1)
    loaded.regenerateId()
    expect(await commandsDuring(server, () => storage.save(loaded))).toHaveLength(1)
    loaded.destroy()
    expect(await commandsDuring(server, () => storage.save(loaded))).toHaveLength(1)
  })

  it('reports how field TTL is enforced', () => {
    expect(storage.capabilities.fieldTtl).toBe(target.fieldTtl)
  })
})

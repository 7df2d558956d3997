import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_CLIENT_TARGETS,
  rawClient,
  STANDALONE_TARGETS,
  type StandaloneTarget,
  sleep,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import { createRedisSessionStorage } from './redis-storage.js'

/** A server of `target`, a storage on it and a raw client, for one describe block. */
function useServer(target: StandaloneTarget) {
  const ctx = {} as { server: TestServer; raw: Redis; storage: SessionStorage; prefix: string }
  beforeAll(async () => {
    ctx.server = await startRedisServer(target.flavor)
    ctx.raw = rawClient(ctx.server)
    ctx.prefix = uniqueTestPrefix()
    ctx.storage = createRedisSessionStorage({
      url: targetUrl(ctx.server, target),
      library: target.library,
      prefix: ctx.prefix,
    })
  })
  afterAll(async () => {
    await ctx.storage?.close()
    await ctx.raw?.quit()
    await ctx.server?.stop()
  })
  const recordKey = (cookie: string) => `${ctx.prefix}{${storageIdOf(cookie)}}`
  return { ctx, recordKey }
}

/** The hash field holding the expiry time of `field`. */
const timeOf = (field: string) => `__sk:d:t:${field}`

// Server behaviour, the same whatever the client: one client package per server flavor.
const native = DEFAULT_CLIENT_TARGETS.filter((target) => target.fieldTtl === 'native')
const emulated = DEFAULT_CLIENT_TARGETS.filter((target) => target.fieldTtl === 'emulated')

describe.each(STANDALONE_TARGETS)('field TTL detection on $name', (target) => {
  const { ctx } = useServer(target)

  it(`detects ${target.fieldTtl} field TTL once connected`, async () => {
    expect(await ctx.storage.ready()).toEqual({ fieldTtl: target.fieldTtl, owners: 'list' })
    expect(ctx.storage.capabilities.fieldTtl).toBe(target.fieldTtl)
  })
})

describe.each(native)('native field TTL on $name', (target) => {
  const { ctx, recordKey } = useServer(target)

  it('gives a field and its expiry time one native TTL, and clears both on a plain rewrite', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1234, { ttl: 60 })
    session.set('name', 'Ada')
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)

    const ttls = (await ctx.raw.call('HTTL', key, 'FIELDS', 3, 'code', timeOf('code'), 'name')) as [
      number,
      number,
      number,
    ]
    expect(ttls[0]).toBeGreaterThan(55)
    expect(ttls[0]).toBeLessThanOrEqual(60)
    expect(ttls[1]).toBe(ttls[0])
    expect(ttls[2]).toBe(-1)
    expect(await ctx.raw.keys(`${ctx.prefix}*`)).toEqual([key])

    const loaded = await ctx.storage.read(cookie)
    expect(loaded.ttl('code')).toBeGreaterThan(55)
    loaded.set('code', 5678)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.call('HTTL', key, 'FIELDS', 1, 'code')).toEqual([-1])
    expect(await ctx.raw.hexists(key, timeOf('code'))).toBe(0)
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeUndefined()
  })

  it('lets the server expire a field and its expiry time on their own', async () => {
    const session = await ctx.storage.read(null)
    session.set('otp', 'x', { ttl: 1 })
    session.set('keep', 'y')
    const cookie = (await ctx.storage.save(session)) as string
    await sleep(1_200)
    const names = await ctx.raw.hkeys(recordKey(cookie))
    expect(names).not.toContain('otp')
    expect(names).not.toContain(timeOf('otp'))
    const loaded = await ctx.storage.read(cookie)
    expect(loaded.has('otp')).toBe(false)
    expect(loaded.get('keep')).toBe('y')
  })

  it('enforces expiry times the emulation left (a server upgraded under live sessions)', async () => {
    const session = await ctx.storage.read(null)
    session.set('live', 1)
    session.set('dead', 2)
    session.set('plain', 3)
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)
    const now = Date.now()
    await ctx.raw.hset(key, {
      [timeOf('live')]: String(now + 60_000),
      [timeOf('dead')]: String(now - 1),
      '__sk:d:n': String(now - 1),
      '__sk:d:v': '1',
    })

    const loaded = await ctx.storage.read(cookie)
    expect(loaded.keys().sort()).toEqual(['live', 'plain'])
    expect(loaded.ttl('live')).toBeGreaterThan(55)
    loaded.set('plain', 4)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.hexists(key, 'dead')).toBe(0)
    expect(await ctx.raw.hexists(key, timeOf('dead'))).toBe(0)
    expect(await ctx.raw.hget(key, '__sk:d:n')).toBe(String(now + 60_000))
  })
})

describe.each(emulated)('emulated field TTL on $name', (target) => {
  const { ctx, recordKey } = useServer(target)

  it('keeps each expiry time beside its field, in the session hash', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1234, { ttl: 60 })
    session.set('name', 'Ada')
    const before = Date.now()
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)

    expect(await ctx.raw.keys(`${ctx.prefix}*`)).toEqual([key])
    const at = Number(await ctx.raw.hget(key, timeOf('code')))
    expect(at).toBeGreaterThanOrEqual(before + 59_000)
    expect(at).toBeLessThanOrEqual(Date.now() + 61_000)
    expect(Number(await ctx.raw.hget(key, '__sk:d:n'))).toBe(at)
    expect(await ctx.raw.hexists(key, timeOf('name'))).toBe(0)
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeGreaterThan(55)

    const loaded = await ctx.storage.read(cookie)
    loaded.set('code', 5678)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.hexists(key, timeOf('code'))).toBe(0)
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeUndefined()
  })

  it('leaves expired fields out of reads, and removes them from the server with the next save', async () => {
    const session = await ctx.storage.read(null)
    session.set('otp', 'x'.repeat(1000), { ttl: 1 })
    session.set('keep', 'y')
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)
    await sleep(1_200)
    // Nothing on the server expires the field by itself, and reads are plain commands...
    const loaded = await ctx.storage.read(cookie)
    expect(loaded.has('otp')).toBe(false)
    expect(loaded.get('keep')).toBe('y')
    expect(await ctx.raw.hexists(key, 'otp')).toBe(1)
    // ...the next write removes it, its expiry time, and the earliest-expiry mark.
    loaded.set('keep', 'z')
    await ctx.storage.save(loaded)
    expect(await ctx.raw.hexists(key, 'otp')).toBe(0)
    expect(await ctx.raw.hexists(key, timeOf('otp'))).toBe(0)
    expect(await ctx.raw.hexists(key, '__sk:d:n')).toBe(0)
  })

  it('carries expiry times along when the session id is regenerated', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1, { ttl: 60 })
    const cookie = (await ctx.storage.save(session)) as string
    const loaded = await ctx.storage.read(cookie)
    loaded.regenerateId()
    const next = (await ctx.storage.save(loaded)) as string
    expect(await ctx.raw.exists(recordKey(cookie))).toBe(0)
    expect(Number(await ctx.raw.hget(recordKey(next), timeOf('code')))).toBeGreaterThan(
      Date.now() + 55_000,
    )
    expect((await ctx.storage.read(next)).ttl('code')).toBeGreaterThan(55)
  })
})

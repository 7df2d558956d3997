import type { SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
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

const native = STANDALONE_TARGETS.filter((target) => target.fieldTtl === 'native')
const emulated = STANDALONE_TARGETS.filter((target) => target.fieldTtl === 'emulated')

describe.each(STANDALONE_TARGETS)('field TTL detection on $name', (target) => {
  const { ctx } = useServer(target)

  it(`detects ${target.fieldTtl} field TTL once connected`, async () => {
    expect(await ctx.storage.ready()).toEqual({ fieldTtl: target.fieldTtl })
    expect(ctx.storage.capabilities.fieldTtl).toBe(target.fieldTtl)
  })
})

describe.each(native)('native field TTL on $name', (target) => {
  const { ctx, recordKey } = useServer(target)

  it('gives a field its own TTL, visible through HTTL, and clears it on a plain rewrite', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1234, { ttl: 60 })
    session.set('name', 'Ada')
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)

    const [codeTtl, nameTtl] = (await ctx.raw.call('HTTL', key, 'FIELDS', 2, 'code', 'name')) as [
      number,
      number,
    ]
    expect(codeTtl).toBeGreaterThan(55)
    expect(codeTtl).toBeLessThanOrEqual(60)
    expect(nameTtl).toBe(-1)
    expect(await ctx.raw.exists(`${key}:exp`)).toBe(0)

    const loaded = await ctx.storage.read(cookie)
    expect(loaded.ttl('code')).toBeGreaterThan(55)
    loaded.set('code', 5678)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.call('HTTL', key, 'FIELDS', 1, 'code')).toEqual([-1])
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeUndefined()
  })

  it('lets the server expire a field on its own', async () => {
    const session = await ctx.storage.read(null)
    session.set('otp', 'x', { ttl: 1 })
    session.set('keep', 'y')
    const cookie = (await ctx.storage.save(session)) as string
    await sleep(1_200)
    expect(await ctx.raw.hkeys(recordKey(cookie))).not.toContain('otp')
    const loaded = await ctx.storage.read(cookie)
    expect(loaded.has('otp')).toBe(false)
    expect(loaded.get('keep')).toBe('y')
  })

  it('adopts expiry times left by the emulation (a server upgraded under live sessions)', async () => {
    const session = await ctx.storage.read(null)
    session.set('live', 1)
    session.set('dead', 2)
    session.set('plain', 3)
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)
    const now = Date.now()
    await ctx.raw.hset(`${key}:exp`, { live: String(now + 60_000), dead: String(now - 1) })

    const loaded = await ctx.storage.read(cookie)
    expect(loaded.keys().sort()).toEqual(['live', 'plain'])
    expect(loaded.ttl('live')).toBeGreaterThan(55)
    expect(await ctx.raw.hexists(key, 'dead')).toBe(0)
    expect(await ctx.raw.exists(`${key}:exp`)).toBe(0)
    const [liveTtl] = (await ctx.raw.call('HTTL', key, 'FIELDS', 1, 'live')) as [number]
    expect(liveTtl).toBeGreaterThan(55)
  })
})

describe.each(emulated)('emulated field TTL on $name', (target) => {
  const { ctx, recordKey } = useServer(target)

  it('keeps expiry times in a companion hash with the session TTL', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1234, { ttl: 60 })
    session.set('name', 'Ada')
    const before = Date.now()
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)

    const times = await ctx.raw.hgetall(`${key}:exp`)
    expect(Object.keys(times)).toEqual(['code'])
    expect(Number(times.code)).toBeGreaterThanOrEqual(before + 59_000)
    expect(Number(times.code)).toBeLessThanOrEqual(Date.now() + 61_000)
    expect(Math.abs((await ctx.raw.ttl(`${key}:exp`)) - (await ctx.raw.ttl(key)))).toBeLessThan(2)
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeGreaterThan(55)

    const loaded = await ctx.storage.read(cookie)
    loaded.set('code', 5678)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.exists(`${key}:exp`)).toBe(0)
    expect((await ctx.storage.read(cookie)).ttl('code')).toBeUndefined()
  })

  it('removes expired fields from the server on the next load, not only from the reply', async () => {
    const session = await ctx.storage.read(null)
    session.set('otp', 'x'.repeat(1000), { ttl: 1 })
    session.set('keep', 'y')
    const cookie = (await ctx.storage.save(session)) as string
    const key = recordKey(cookie)
    await sleep(1_200)
    // Nothing on the server expires the field by itself...
    expect(await ctx.raw.hexists(key, 'otp')).toBe(1)
    // ...the next access does, in the same script that reads the session.
    const loaded = await ctx.storage.read(cookie)
    expect(loaded.has('otp')).toBe(false)
    expect(loaded.get('keep')).toBe('y')
    expect(await ctx.raw.hexists(key, 'otp')).toBe(0)
    expect(await ctx.raw.exists(`${key}:exp`)).toBe(0)
  })

  it('removes expired fields on a save too', async () => {
    const session = await ctx.storage.read(null)
    session.set('otp', 'x', { ttl: 1 })
    session.set('n', 1)
    const cookie = (await ctx.storage.save(session)) as string
    const loaded = await ctx.storage.read(cookie)
    await sleep(1_200)
    loaded.set('n', 2)
    await ctx.storage.save(loaded)
    expect(await ctx.raw.hgetall(recordKey(cookie))).not.toHaveProperty('otp')
  })

  it('carries expiry times along when the session id is regenerated', async () => {
    const session = await ctx.storage.read(null)
    session.set('code', 1, { ttl: 60 })
    const cookie = (await ctx.storage.save(session)) as string
    const loaded = await ctx.storage.read(cookie)
    loaded.regenerateId()
    const next = (await ctx.storage.save(loaded)) as string
    expect(await ctx.raw.exists(recordKey(cookie), `${recordKey(cookie)}:exp`)).toBe(0)
    expect(Number(await ctx.raw.hget(`${recordKey(next)}:exp`, 'code'))).toBeGreaterThan(
      Date.now() + 55_000,
    )
    expect((await ctx.storage.read(next)).ttl('code')).toBeGreaterThan(55)
  })
})

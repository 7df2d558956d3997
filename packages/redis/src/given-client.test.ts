import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis as ValkeyClient } from 'iovalkey'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisSessionStorage } from './redis-storage.js'

describe('a client handed in (iovalkey on Valkey 9)', () => {
  let server: TestServer
  let client: ValkeyClient

  beforeAll(async () => {
    server = await startRedisServer('valkey9')
    client = new ValkeyClient({ host: server.host, port: server.port, keyPrefix: 'app:' })
  })

  afterAll(async () => {
    await client?.quit()
    await server?.stop()
  })

  it("puts keys under the client's keyPrefix, then the storage prefix", async () => {
    const storage = createRedisSessionStorage({ client, prefix: 'web:' })
    const session = await storage.read(null)
    session.set('a', 1)
    session.set('otp', 2, { ttl: 60 })
    const cookie = (await storage.save(session)) as string
    const record = `app:web:{${storageIdOf(cookie)}}`
    // call() sends keys as given (no keyPrefix): name the full key.
    expect(await client.call('HGET', record, 'a')).toBe('1')
    const [ttl] = (await client.call('HTTL', record, 'FIELDS', 1, 'otp')) as [number]
    expect(ttl).toBeGreaterThan(55)
    expect((await storage.read(cookie)).get('otp')).toBe(2)
    await storage.close()
  })

  it('leaves the client open on close, so several storages can share it', async () => {
    const first = createRedisSessionStorage({ client, prefix: 'one:' })
    const second = createRedisSessionStorage({ client, prefix: 'two:' })
    const session = await first.read(null)
    session.set('who', 'first')
    const cookie = (await first.save(session)) as string
    await first.close()
    expect(client.status).toBe('ready')
    expect((await second.read(cookie)).isNew).toBe(true)
    expect(
      (await createRedisSessionStorage({ client, prefix: 'one:' }).read(cookie)).get('who'),
    ).toBe('first')
    await second.close()
  })
})

describe('a node-redis client handed in (Redis 8)', () => {
  let server: TestServer
  let client: ReturnType<typeof createClient>

  beforeAll(async () => {
    server = await startRedisServer('redis8')
    client = createClient({ socket: { host: server.host, port: server.port } })
    await client.connect()
  })

  afterAll(async () => {
    await client?.close()
    await server?.stop()
  })

  it('stores sessions through it, field TTL included, and leaves it open on close', async () => {
    const storage = createRedisSessionStorage({ client, prefix: 'web:' })
    expect(await storage.ready()).toEqual({ fieldTtl: 'native', owners: 'list' })
    const session = await storage.read(null)
    session.set('a', { n: 1 })
    session.set('otp', 2, { ttl: 60 })
    const cookie = (await storage.save(session)) as string
    const record = `web:{${storageIdOf(cookie)}}`
    expect(await client.hGet(record, 'a')).toBe('{"n":1}')
    const [ttl] = (await client.sendCommand(['HTTL', record, 'FIELDS', '1', 'otp'])) as [number]
    expect(ttl).toBeGreaterThan(55)
    // node-redis 6 speaks RESP3, where HGETALL answers a map: a field named like an Object
    // prototype property must come back as a plain field.
    await client.hSet(record, '__proto__', '"a plain key"')
    const uncached = createRedisSessionStorage({ client, prefix: 'web:', cache: false })
    const loaded = await uncached.read(cookie)
    expect(loaded.get('a')).toEqual({ n: 1 })
    expect(loaded.get('__proto__')).toBe('a plain key')
    expect(loaded.get('otp')).toBe(2)
    await storage.close()
    await uncached.close()
    expect(client.isReady).toBe(true)
  })
})

import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis as ValkeyClient } from 'iovalkey'
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

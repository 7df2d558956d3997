import { type SessionStorage, SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  rawClient,
  STANDALONE_TARGETS,
  sleep,
  targetUrl,
  uniqueTestPrefix,
} from '../test-support/redis-targets.js'
import { createRedisSessionStorage } from './redis-storage.js'

const TIMEOUT = 1_000
/** Slack for timers and the event loop on a busy CI machine. */
const SLACK = 500

/** Resolves with the rejection of `promise` and how long it took, failing if it resolves. */
async function rejectionOf(promise: Promise<unknown>) {
  const started = Date.now()
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e,
  )
  return { error: error as Error, elapsed: Date.now() - started }
}

const outageTargets = STANDALONE_TARGETS.filter((target) => target.flavor !== 'valkey9')

describe.each(outageTargets)('server outage on $name', (target) => {
  let server: TestServer
  let storage: SessionStorage

  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
    storage = createRedisSessionStorage({
      url: targetUrl(server, target),
      library: target.library,
      prefix: uniqueTestPrefix(),
      timeout: TIMEOUT,
    })
    await storage.ready()
  })

  afterAll(async () => {
    await storage?.close()
    await server?.stop()
  })

  it('fails fast and typed while the server is down, then works again once it is back', async () => {
    const session = await storage.read(null)
    session.set('secret', 'value')
    const cookie = (await storage.save(session)) as string

    await server.pause()
    try {
      const reads = await Promise.all(
        Array.from({ length: 50 }, () => rejectionOf(storage.read(cookie))),
      )
      for (const { error, elapsed } of reads) {
        expect(error).toBeInstanceOf(SessionStorageUnavailableError)
        expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
        expect(error.message).not.toContain(cookie)
        expect(error.message).not.toContain(storageIdOf(cookie))
        expect(error.cause).toBeUndefined()
      }
      const fresh = await storage.read(null)
      fresh.set('a', 1)
      const { error, elapsed } = await rejectionOf(storage.save(fresh))
      expect(error).toBeInstanceOf(SessionStorageUnavailableError)
      expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
    } finally {
      await server.resume()
    }

    // The client reconnects by itself (the restarted server has lost its data).
    const deadline = Date.now() + 10_000
    let saved: string | null = null
    while (saved === null) {
      try {
        const again = await storage.read(null)
        again.set('back', true)
        saved = await storage.save(again)
      } catch (error) {
        if (Date.now() > deadline) throw error
        await sleep(100)
      }
    }
    expect((await storage.read(saved)).get('back')).toBe(true)
    expect(storage.capabilities.fieldTtl).toBe(target.fieldTtl)
  })
})

const LIBRARIES = ['redis', 'ioredis', 'iovalkey'] as const

describe('unreachable server', () => {
  it.each(LIBRARIES)('fails within the timeout when nothing listens (%s)', async (library) => {
    const storage = createRedisSessionStorage({
      url: 'redis://127.0.0.1:1',
      library,
      timeout: TIMEOUT,
    })
    try {
      const { error, elapsed } = await rejectionOf(storage.read('a'.repeat(32)))
      expect(error).toBeInstanceOf(SessionStorageUnavailableError)
      expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
    } finally {
      await storage.close()
    }
  })
})

describe('ACL user and password, and the database, from the url', () => {
  let server: TestServer
  let raw: Redis

  beforeAll(async () => {
    server = await startRedisServer('redis8')
    raw = rawClient(server)
    await raw.call('ACL', 'SETUSER', 'app', 'on', '>s3cret-pass', '~*', '+@all')
  })

  afterAll(async () => {
    await raw?.quit()
    await server?.stop()
  })

  it.each(LIBRARIES)('connects as the url user with %s', async (library) => {
    const storage = createRedisSessionStorage({
      url: `redis://app:s3cret-pass@${server.host}:${server.port}`,
      library,
      prefix: uniqueTestPrefix(),
    })
    try {
      const session = await storage.read(null)
      session.set('a', 1)
      expect(await storage.save(session)).toBe(session.id)
      const clients = (await raw.call('CLIENT', 'LIST')) as string
      expect(clients).toMatch(/ user=app /)
    } finally {
      await storage.close()
    }
  })

  it.each(LIBRARIES)('keeps sessions in the database the url names (%s)', async (library) => {
    const prefix = uniqueTestPrefix()
    const storage = createRedisSessionStorage({
      url: `redis://${server.host}:${server.port}/3`,
      library,
      prefix,
    })
    const inDb3 = new Redis({ host: server.host, port: server.port, db: 3 })
    try {
      const session = await storage.read(null)
      session.set('a', 1)
      const cookie = (await storage.save(session)) as string
      const key = `${prefix}{${storageIdOf(cookie)}}`
      expect(await inDb3.hget(key, 'a')).toBe('1')
      expect(await raw.exists(key)).toBe(0)
    } finally {
      await storage.close()
      await inDb3.quit()
    }
  })

  it.each(LIBRARIES)(
    'reports a wrong password as unavailable, without the password (%s)',
    async (library) => {
      const storage = createRedisSessionStorage({
        url: `redis://app:wrong-pass@${server.host}:${server.port}`,
        library,
        timeout: TIMEOUT,
      })
      try {
        const { error, elapsed } = await rejectionOf(storage.read('b'.repeat(32)))
        expect(error).toBeInstanceOf(SessionStorageUnavailableError)
        expect(error.message).not.toContain('wrong-pass')
        expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
      } finally {
        await storage.close()
      }
    },
  )
})

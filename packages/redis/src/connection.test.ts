import { type SessionStorage, SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
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

describe('unreachable server', () => {
  it('fails within the timeout when nothing listens', async () => {
    const storage = createRedisSessionStorage({ url: 'redis://127.0.0.1:1', timeout: TIMEOUT })
    try {
      const { error, elapsed } = await rejectionOf(storage.read('a'.repeat(32)))
      expect(error).toBeInstanceOf(SessionStorageUnavailableError)
      expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
    } finally {
      await storage.close()
    }
  })
})

describe('ACL user and password from the url', () => {
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

  it.each(['redis', 'valkey'])('connects as the url user with %s://', async (scheme) => {
    const storage = createRedisSessionStorage({
      url: `${scheme}://app:s3cret-pass@${server.host}:${server.port}`,
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

  it('reports a wrong password as unavailable, without the password', async () => {
    const storage = createRedisSessionStorage({
      url: `redis://app:wrong-pass@${server.host}:${server.port}`,
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
  })
})

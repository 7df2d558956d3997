import { SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNew, storageWithDriver, uniquePrefix } from '../test-support/fixtures.js'
import { startRequestLogProxy } from '../test-support/request-log-proxy.js'
import { type SilentServer, startSilentServer } from '../test-support/silent-server.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

const TIMEOUT = 600

let memcached: TestServer
let silent: SilentServer

beforeAll(async () => {
  ;[memcached, silent] = await Promise.all([startMemcachedServer(), startSilentServer()])
})

afterAll(async () => {
  await silent?.close()
  await memcached?.stop()
})

describe('a server that accepts connections but never answers', () => {
  it('fails as unavailable within the timeout instead of hanging', async () => {
    const storage = createMemcacheSessionStorage({ servers: [silent.url], timeout: TIMEOUT })
    const started = Date.now()
    const session = await storage.read(null)
    session.set('a', 1)
    await expect(storage.save(session)).rejects.toBeInstanceOf(SessionStorageUnavailableError)
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 300)
    await storage.close()
  })

  it('with failover, is skipped within the same operation: its keys go to the next server', async () => {
    const { storage, driver } = storageWithDriver({
      servers: [silent.url, memcached.url],
      prefix: uniquePrefix(),
      timeout: TIMEOUT,
      failover: true,
      failoverRetryDelay: 60_000,
    })
    // Save sessions until one has been placed on the silent server's share of the ring.
    for (let i = 0; driver.stats().serversMarkedDown === 0; i++) {
      expect(i).toBeLessThan(50)
      const started = Date.now()
      const cookie = await saveNew(storage, { i })
      expect(Date.now() - started).toBeLessThan(TIMEOUT)
      expect((await storage.read(cookie)).get('i')).toBe(i)
      expect(driver.serverFor(storageIdOf(cookie))).toBe(memcached.url)
    }
    await storage.close()
  })
})

describe('a server that stops answering mid-way (paused)', () => {
  it('fails every call, through the storage or the driver alone, within the timeout; serves again once it answers', async () => {
    const proxy = await startRequestLogProxy(memcached.url)
    const { storage, driver } = storageWithDriver({
      servers: [proxy.url],
      prefix: uniquePrefix(),
      timeout: TIMEOUT,
    })
    const cookies = await Promise.all(Array.from({ length: 8 }, (_, i) => saveNew(storage, { i })))
    // Others for the driver's calls (its destroys reach the server once it answers again).
    const ids = (await Promise.all(cookies.map((_, i) => saveNew(storage, { i })))).map(storageIdOf)
    // Loaded before the pause: their saves are CAS writes with the loads' versions.
    const sessions = await Promise.all(cookies.map((cookie) => storage.read(cookie)))
    proxy.pause()
    const started = Date.now()
    const newSession = async () => {
      const session = await storage.read(null)
      session.set('n', 1)
      return storage.save(session)
    }
    // A driver may answer at once or with a promise: allSettled takes both.
    const calls: unknown[] = [
      ...cookies.map((cookie) => storage.read(cookie)),
      ...sessions.map((session) => {
        session.set('x', 1)
        return storage.save(session)
      }),
      newSession(),
      ...ids.flatMap((id) => [
        driver.load(id, 60),
        driver.update(id, { set: { y: { value: '1' } }, unset: [] }, 60),
        driver.touch(id, 60),
        driver.destroy(id),
      ]),
      driver.create('a-new-storage-id', { a: { value: '1' } }, 60),
    ]
    const results = await Promise.allSettled(calls)
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 300)
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(
        SessionStorageUnavailableError,
      )
    }
    // The server answers again. It also receives the requests given up on (their outcome is
    // unknown to the callers, as with any timeout) and answers them; the answers are ignored.
    // memjs may still fail a request or two with the idle timeout it armed during the pause:
    // the storage must serve again within a bound, not necessarily at the very first call.
    proxy.resume()
    const resumed = Date.now()
    let session = await storage.read(cookies[0] as string).catch(() => undefined)
    while (!session && Date.now() - resumed < 3 * TIMEOUT) {
      session = await storage.read(cookies[0] as string).catch(() => undefined)
    }
    if (!session) throw new Error(`still failing ${3 * TIMEOUT} ms after the server answers again`)
    expect(session.get('i')).toBe(0)
    session.set('after', true)
    expect(await storage.save(session)).toBe(cookies[0])
    await storage.close()
    await proxy.close()
  })
})

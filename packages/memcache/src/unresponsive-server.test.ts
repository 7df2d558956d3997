import { SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNew, storageWithDriver, uniquePrefix } from '../test-support/fixtures.js'
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

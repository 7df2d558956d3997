import { SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedPool, type TestServerPool } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  keyOf,
  rawClient,
  type StorageWithDriver,
  saveNew,
  sleep,
  storageWithDriver,
  uniquePrefix,
} from '../test-support/fixtures.js'

const RETRY_DELAY = 1_500
const TIMEOUT = 1_000

let pool: TestServerPool
let withFailover: StorageWithDriver
let withoutFailover: StorageWithDriver
const prefix = uniquePrefix()

beforeAll(async () => {
  pool = await startMemcachedPool(3)
  const servers = pool.servers.map((server) => server.url)
  withFailover = storageWithDriver({
    servers,
    prefix,
    timeout: TIMEOUT,
    failover: true,
    failoverRetryDelay: RETRY_DELAY,
  })
  withoutFailover = storageWithDriver({ servers, prefix, timeout: TIMEOUT })
})

afterAll(async () => {
  await withFailover?.storage.close()
  await withoutFailover?.storage.close()
  await pool?.stop()
})

/** Sessions saved through `storage`, grouped by the server they live on, at least 3 each. */
async function sessionsByServer({ storage, driver }: StorageWithDriver) {
  const byServer = new Map<string, string[]>()
  const enough = () => pool.servers.every((server) => (byServer.get(server.url)?.length ?? 0) >= 3)
  for (let i = 0; !enough(); i++) {
    if (i > 200) throw new Error('sessions never reached every server')
    const cookie = await saveNew(storage, { n: i })
    const server = driver.serverFor(storageIdOf(cookie)) as string
    byServer.set(server, [...(byServer.get(server) ?? []), cookie])
  }
  return byServer
}

describe('a pool of three with one server down', () => {
  it('fails over to the next server on the ring, and returns once the server recovers', async () => {
    const [down, ...up] = pool.servers as [(typeof pool.servers)[0], ...typeof pool.servers]
    const byServer = await sessionsByServer(withFailover)
    const onDown = byServer.get(down.url) ?? []
    const onUp = up.flatMap((server) => byServer.get(server.url) ?? [])

    await down.pause()

    // Without failover: the typed unavailable error, fast; the other servers keep serving.
    const started = Date.now()
    const error = await withoutFailover.storage.read(onDown[0] ?? null).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(Date.now() - started).toBeLessThan(TIMEOUT)
    for (const cookie of onUp) {
      expect((await withoutFailover.storage.read(cookie)).isNew).toBe(false)
    }

    // With failover: the down server's sessions read as new sessions, not errors...
    const { storage, driver } = withFailover
    for (const cookie of onDown) expect((await storage.read(cookie)).isNew).toBe(true)
    expect(driver.stats().serversMarkedDown).toBeGreaterThan(0)
    // ...its keys now go to the next server on the ring, and everything else is untouched.
    for (const cookie of onDown) {
      const fallback = driver.serverFor(storageIdOf(cookie))
      expect(up.map((server) => server.url)).toContain(fallback)
    }
    for (const cookie of onUp) {
      const session = await storage.read(cookie)
      expect(session.isNew).toBe(false)
      session.set('during', 'outage')
      expect(await storage.save(session)).toBe(cookie)
    }
    // New sessions whose key belongs to the down server are stored on its successor.
    const during = await newSessionsOfDownServer(down.url)
    expect(during.stored).toBeGreaterThan(0)

    await down.resume()
    await sleep(RETRY_DELAY + 100)

    // Back on the ring: its keys go to it again (it restarted empty).
    for (const cookie of onDown) expect(driver.serverFor(storageIdOf(cookie))).toBe(down.url)
    const raw = rawClient(down.url)
    try {
      const after = await sessionsByServer(withFailover)
      for (const cookie of after.get(down.url) ?? []) {
        expect((await raw.get(keyOf(prefix, cookie))).value).not.toBeNull()
      }
    } finally {
      raw.close()
    }
  })
})

/** Save new sessions through the failover storage; count those whose key maps to `down`. */
async function newSessionsOfDownServer(down: string) {
  const { storage, driver } = withFailover
  let stored = 0
  for (let i = 0; i < 30; i++) {
    const cookie = await saveNew(storage, { i })
    const id = storageIdOf(cookie)
    // Where the ring puts the key with every server up (serverFor skips the down one).
    if (driver.serverFor(id) !== down && ownerIgnoringFailures(id) === down) {
      expect((await storage.read(cookie)).get('i')).toBe(i)
      stored++
    }
  }
  return { stored }
}

function ownerIgnoringFailures(id: string): string | undefined {
  return withoutFailover.driver.serverFor(id)
}

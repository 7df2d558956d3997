import { randomBytes } from 'node:crypto'
import type { SessionStorage } from '@sessionkit/core'
import { createSessionStorage, storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { Client } from 'memjs'
import { afterAll, beforeAll } from 'vitest'
import { createMemcacheDriver, type MemcacheDriver } from '../src/memcache-driver.js'
import type { MemcacheOptions } from '../src/options.js'

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `t${randomBytes(6).toString('hex')}:`
}

/** A storage together with its driver, so tests can read the driver's counters. */
export interface StorageWithDriver {
  readonly storage: SessionStorage
  readonly driver: MemcacheDriver
}

/** A memcache storage over `driverOptions` and its driver. */
export function storageWithDriver(options: MemcacheOptions): StorageWithDriver {
  const driver = createMemcacheDriver(options)
  return { driver, storage: createSessionStorage(driver, options) }
}

/** A plain memjs client on `url` (one `host:port`), for looking at items directly. */
export function rawClient(url: string): Client {
  return Client.create(url, { retries: 1, timeout: 2, logger: { log: () => {} } })
}

/** The memcached key of the session whose cookie value is `cookie`. */
export function keyOf(prefix: string, cookie: string): string {
  return prefix + storageIdOf(cookie)
}

/** Save a new session holding `values`; resolves its cookie value. */
export async function saveNew(
  storage: SessionStorage,
  values: Record<string, unknown>,
): Promise<string> {
  const session = await storage.read(null)
  for (const [key, value] of Object.entries(values)) session.set(key, value)
  const cookie = await storage.save(session)
  if (!cookie) throw new Error('saving a new session gave no cookie')
  return cookie
}

/** Resolve after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A memcached started for the calling test file, with a raw client on it. */
export interface MemcachedFixture {
  /** `host:port` of the server. */
  readonly url: string
  /** A plain memjs client on the server. */
  readonly raw: Client
}

/** Start one memcached (and a raw client) before the file's tests; stop both after them. */
export function useMemcachedServer(): MemcachedFixture {
  let server: TestServer | undefined
  let raw: Client | undefined
  beforeAll(async () => {
    server = await startMemcachedServer()
    raw = rawClient(server.url)
  })
  afterAll(async () => {
    raw?.close()
    await server?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('memcached fixture used before beforeAll ran')
    return value
  }
  return {
    get url() {
      return started(server).url
    },
    get raw() {
      return started(raw)
    },
  }
}

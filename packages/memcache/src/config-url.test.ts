import {
  createSessionStorageFromConfig,
  SessionConfigError,
  type SessionStorage,
} from '@sessionkit/core'
import { describe, expect, it, vi } from 'vitest'
import { keyOf, saveNew, uniquePrefix, useMemcachedServer } from '../test-support/fixtures.js'
import { createMemcacheDriver } from './memcache-driver.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { sessionBackend } from './session-backend.js'

// Core's config loader imports this package by name: give it these sources, not a built dist.
vi.mock('@sessionkit/memcache', () => import('./index.js'))

const memcached = useMemcachedServer()

/** 'accepted', or the issues of the SessionConfigError that `create` throws. */
async function outcomeOf(
  create: () => SessionStorage | Promise<SessionStorage>,
): Promise<string | readonly string[]> {
  try {
    await (await create()).close()
    return 'accepted'
  } catch (error) {
    if (!(error instanceof SessionConfigError)) throw error
    return error.issues
  }
}

// The same configuration as a memcache:// URL and as an object (storages are not used).
const CASES: [url: string, options: Record<string, unknown>][] = [
  ['memcache://h1', { servers: ['h1'] }],
  [
    'memcache://u:p@h1:11211,h2?ttl=5',
    { servers: ['h1:11211', 'h2'], username: 'u', password: 'p', ttl: 5 },
  ],
  [
    'memcache://h1?failover=true&retries=0&failoverRetryDelay=10&itemSizeLimit=2048',
    { servers: ['h1'], failover: true, retries: 0, failoverRetryDelay: 10, itemSizeLimit: 2048 },
  ],
  ['memcache://h1?failOver=true', { servers: ['h1'], failOver: true }],
  [
    'memcache://h1?failover=yes&retries=11&prefix=a%20b',
    { servers: ['h1'], failover: 'yes', retries: 11, prefix: 'a b' },
  ],
  [
    'memcache://h1,h1:11211,bad%20host,h:99999',
    { servers: ['h1', 'h1:11211', 'bad host', 'h:99999'] },
  ],
  ['memcache://', { servers: [] }],
  ['memcache://u@h1', { servers: ['h1'], username: 'u' }],
]

describe('memcache:// store URLs', () => {
  it('accept and refuse the same options as createMemcacheSessionStorage, with the same messages', async () => {
    for (const [url, options] of CASES) {
      const fromUrl = await outcomeOf(() => createSessionStorageFromConfig(url))
      const fromObject = await outcomeOf(() => createMemcacheSessionStorage(options))
      expect({ url, outcome: fromUrl }).toEqual({ url, outcome: fromObject })
    }
  })

  it('give a host without a port 11211, as the object form does', async () => {
    const options = sessionBackend.optionsFromUrl('memcache://h1,[::1]')
    expect(options).toEqual({ servers: ['h1', '[::1]'] })
    const driver = createMemcacheDriver(options)
    expect(driver.serverFor('any id')).toMatch(/^(h1|::1):11211$/)
    await driver.close()
  })

  it('refuse failOver with the name meant, never quoting the password', async () => {
    const issues = await outcomeOf(() =>
      createSessionStorageFromConfig('memcache://app:hunter22@h1?failOver=true&ttl=0'),
    )
    expect(issues).toEqual([
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      'failOver: unknown option (did you mean failover?)',
    ])
    expect(
      await outcomeOf(() => createSessionStorageFromConfig('memcache://app:hunter22@h1/path')),
    ).toEqual([
      'memcache:// URLs take no path: memcache://[user:password@]host[:port][,host[:port]...]',
    ])
    expect(JSON.stringify(issues)).not.toContain('hunter22')
  })

  it('build a working storage with the options in the URL', async () => {
    const prefix = uniquePrefix()
    const storage = await createSessionStorageFromConfig(
      `memcache://${memcached.url}?ttl=120&prefix=${prefix}&failover=true&retries=0&timeout=800`,
    )
    expect([storage.ttl, storage.capabilities.fieldTtl]).toEqual([120, 'emulated'])
    const cookie = await saveNew(storage, { user: 'ann' })
    expect((await storage.read(cookie)).get('user')).toBe('ann')
    expect((await memcached.raw.get(keyOf(prefix, cookie))).value).not.toBeNull()
    await storage.close()
  })
})

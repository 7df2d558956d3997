import { parseStoreUrl, SessionConfigError, sessionStoreConfigSchema } from '@sessionkit/core'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNew } from '../test-support/fixtures.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'

let server: TestServer

beforeAll(async () => {
  server = await startMemcachedServer()
})

afterAll(async () => {
  await server?.stop()
})

/** What core's createSessionStorageFromConfig hands the factory (minus importing this package). */
function optionsFromUrl(url: string) {
  const { backend: _backend, ...options } = sessionStoreConfigSchema.parse(parseStoreUrl(url))
  return options as Parameters<typeof createMemcacheSessionStorage>[0]
}

describe('memcache:// store URLs (core config loader)', () => {
  it('builds a working storage from the options core parses out of the URL', async () => {
    const options = optionsFromUrl(
      `memcache://${server.url}?ttl=120&prefix=cfg:&failover=true&retries=0&timeout=800`,
    )
    expect(options).toEqual({
      servers: [server.url],
      ttl: 120,
      prefix: 'cfg:',
      failover: true,
      retries: 0,
      timeout: 800,
    })
    const storage = createMemcacheSessionStorage(options)
    expect([storage.ttl, storage.capabilities.fieldTtl]).toEqual([120, 'emulated'])
    const cookie = await saveNew(storage, { user: 'ann' })
    expect((await storage.read(cookie)).get('user')).toBe('ann')
    await storage.close()
  })

  it('takes SASL credentials from the URL', () => {
    const options = optionsFromUrl('memcache://app:s%40cret@h1:11211,h2:11211')
    expect(options).toMatchObject({ servers: ['h1:11211', 'h2:11211'], username: 'app' })
    expect(options.password).toBe('s@cret')
    expect(() => createMemcacheSessionStorage(options)).not.toThrow()
  })

  it('rejects what the URL schema lets through but memcached keys cannot hold', () => {
    const options = optionsFromUrl('memcache://h1:11211?prefix=a%20b')
    expect(() => createMemcacheSessionStorage(options)).toThrow(SessionConfigError)
  })
})

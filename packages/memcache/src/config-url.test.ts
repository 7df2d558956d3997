import { createSessionStorageFromConfig, SessionConfigError } from '@sessionkit/core'
import { describe, expect, it, vi } from 'vitest'
import { keyOf, saveNew, uniquePrefix, useMemcachedServer } from '../test-support/fixtures.js'

// Core's config loader imports this package by name: give it these sources, not a built dist.
vi.mock('@sessionkit/memcache', () => import('./index.js'))

const memcached = useMemcachedServer()

describe('memcache:// store URLs (core config loader)', () => {
  it('builds a working storage with the options in the URL', async () => {
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

  it('rejects what memcached keys cannot hold', async () => {
    await expect(
      createSessionStorageFromConfig(`memcache://${memcached.url}?prefix=a%20b`),
    ).rejects.toThrow(SessionConfigError)
  })
})

import {
  createSessionStorageFromConfig,
  SessionConfigError,
  type SessionStorage,
} from '@sessionkit/core'
import { describe, expect, it, vi } from 'vitest'
import { createMemorySessionStorage } from './memory-storage.js'
import { sessionBackend } from './session-backend.js'

// Core's config loader imports this package by name: give it these sources, not a built dist.
vi.mock('@sessionkit/memory', () => import('./index.js'))

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

// The same options as a memory:// query and as an object.
const CASES: [query: string, options: Record<string, unknown>][] = [
  ['ttl=60&max=10&prefix=app:', { ttl: 60, max: 10, prefix: 'app:' }],
  [
    'maxBytes=1024&checkPeriod=1000&maxSize=100&timeout=50',
    { maxBytes: 1024, checkPeriod: 1000, maxSize: 100, timeout: 50 },
  ],
  ['checkPeriod=0', { checkPeriod: 0 }],
  ['max=0&maxBytes=10&checkPeriod=999', { max: 0, maxBytes: 10, checkPeriod: 999 }],
  ['ttl=1.5&timeout=-1', { ttl: 1.5, timeout: -1 }],
  ['ttl=soon', { ttl: 'soon' }],
  ['maxbytes=2048&colour=blue', { maxbytes: 2048, colour: 'blue' }],
  ['prefix=123', { prefix: '123' }],
]

describe('memory:// store URLs', () => {
  it('accept and refuse the same options as createMemorySessionStorage, with the same messages', async () => {
    for (const [query, options] of CASES) {
      const fromUrl = await outcomeOf(() => createSessionStorageFromConfig(`memory://?${query}`))
      const fromObject = await outcomeOf(() => createMemorySessionStorage(options))
      expect({ query, outcome: fromUrl }).toEqual({ query, outcome: fromObject })
    }
    expect(
      await outcomeOf(() => createSessionStorageFromConfig('memory://?checkPeriod=0')),
    ).toEqual(['checkPeriod: must be a whole number of ms from 1000 to 2147483647'])
  })

  it('works as the object form too, and is used for real', async () => {
    const storage = await createSessionStorageFromConfig({ backend: 'memory', ttl: 60, max: 5 })
    expect([storage.ttl, storage.capabilities.fieldTtl]).toEqual([60, 'native'])
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    expect((await storage.read(id)).get('a')).toBe(1)
    await storage.close()
  })

  it('takes no host, path or credentials', () => {
    for (const url of ['memory://host', 'memory://?', 'memory:///x', 'memory://:pw@']) {
      const options = () => sessionBackend.optionsFromUrl(url)
      if (url === 'memory://?') expect(options()).toEqual({})
      else expect(options).toThrow(/memory:\/\/ takes no host, path or credentials/)
    }
  })
})

import {
  createSessionStorageFromConfig,
  SessionConfigError,
  type SessionStorage,
} from '@sessionkit/core'
import { describe, expect, it, vi } from 'vitest'
import { createRedisSessionStorage } from './redis-storage.js'
import { sessionBackend } from './session-backend.js'

// Core's config loader imports this package by name: give it these sources, not a built dist.
vi.mock('@sessionkit/redis', () => import('./index.js'))

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

// Nothing listens there: storages are created and closed, never used.
const SERVER = 'redis://app:hunter22@127.0.0.1:1/2'

// The same options in a redis:// query and as an object.
const CASES: [query: string, options: Record<string, unknown>][] = [
  [
    'ttl=60&prefix=app:&connectTimeout=100&commandTimeout=50',
    { ttl: 60, prefix: 'app:', connectTimeout: 100, commandTimeout: 50 },
  ],
  ['tls=true&maxSize=100&timeout=20', { tls: true, maxSize: 100, timeout: 20 }],
  ['username=u&password=p', { username: 'u', password: 'p' }],
  ['ttl=0&timeout=soon&tls=yes', { ttl: 0, timeout: 'soon', tls: 'yes' }],
  ['prefix=a{b}&commandTimout=5', { prefix: 'a{b}', commandTimout: 5 }],
  ['connectTimeout=1.5', { connectTimeout: 1.5 }],
]

describe('redis:// and valkey:// store URLs', () => {
  it('accept and refuse the same options as createRedisSessionStorage, with the same messages', async () => {
    for (const [query, options] of CASES) {
      const fromUrl = await outcomeOf(() => createSessionStorageFromConfig(`${SERVER}?${query}`))
      const fromObject = await outcomeOf(() =>
        createRedisSessionStorage({ url: SERVER, ...options }),
      )
      expect({ query, outcome: fromUrl }).toEqual({ query, outcome: fromObject })
    }
  })

  it('keep the URL whole for the client (credentials, database) and read options from the query', () => {
    expect(sessionBackend.optionsFromUrl('redis://u:p@h:6380/2?prefix=app:&ttl=5')).toEqual({
      url: 'redis://u:p@h:6380/2',
      prefix: 'app:',
      ttl: 5,
    })
    for (const scheme of ['rediss', 'valkey', 'valkeys']) {
      expect(sessionBackend.optionsFromUrl(`${scheme}://h`)).toEqual({ url: `${scheme}://h` })
    }
  })

  it('build storages for every scheme, and the object form', async () => {
    for (const url of [
      'redis://127.0.0.1:1',
      'rediss://127.0.0.1:1',
      'valkey://127.0.0.1:1/0',
      'valkeys://127.0.0.1:1',
    ]) {
      expect(await outcomeOf(() => createSessionStorageFromConfig(url))).toBe('accepted')
    }
    expect(
      await outcomeOf(() =>
        createSessionStorageFromConfig({ backend: 'valkey', url: 'valkey://127.0.0.1:1', ttl: 9 }),
      ),
    ).toBe('accepted')
  })

  it('refuse with every problem in one error, never quoting the password', async () => {
    const issues = await outcomeOf(() =>
      createSessionStorageFromConfig('rediss://app:hunter22@h/x?tls=false&ttl=0&url=redis://h'),
    )
    expect(issues).toEqual(['url: set by the URL itself, so it cannot be in its query too'])
    const more = await outcomeOf(() =>
      createSessionStorageFromConfig('rediss://app:hunter22@h/x?tls=false&ttl=0&hunter22=1'),
    )
    expect(more).toEqual([
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      '***: unknown option',
      'url: path must be a database number, like /0',
    ])
    expect(JSON.stringify([issues, more])).not.toContain('hunter22')
  })
})

describe('createSessionStorageFromConfig({ ready: true })', () => {
  it('fails at start-up, within the timeout, when the server is unreachable', async () => {
    const started = Date.now()
    await expect(
      createSessionStorageFromConfig('redis://127.0.0.1:1?timeout=500', { ready: true }),
    ).rejects.toMatchObject({ code: 'SESSION_STORAGE_UNAVAILABLE' })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('without it, resolves and leaves the connection to the first operation', async () => {
    const storage = await createSessionStorageFromConfig('redis://127.0.0.1:1?timeout=500')
    await expect(storage.read(null)).resolves.toMatchObject({ isNew: true })
    await storage.close()
  })
})

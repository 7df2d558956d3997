import { describe, expect, it } from 'vitest'
import { SessionConfigError } from '../errors.js'
import { createSessionStorageFromConfig, loadSessionBackend } from './create-from-config.js'

const issuesOf = async (run: () => Promise<unknown>) => {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError)
    return (error as SessionConfigError).issues
  }
  throw new Error('expected a SessionConfigError')
}

describe('createSessionStorageFromConfig: picking the backend', () => {
  it('refuses an unknown URL scheme, with a hint, and quotes no credentials', async () => {
    expect(await issuesOf(() => createSessionStorageFromConfig('reddis://u:hunter22@h'))).toEqual([
      'unknown store URL scheme "reddis:" (did you mean redis:?); expected one of memory, redis, rediss, redis+sentinel, valkey, valkeys, valkey+sentinel, memcache, memcached',
    ])
    expect(await issuesOf(() => createSessionStorageFromConfig('redis:u:hunter22@h'))).toEqual([
      'not a store URL: expected scheme://..., e.g. redis://host:6379',
    ])
  })

  it('refuses a config object without a known backend name', async () => {
    expect(
      await issuesOf(() => createSessionStorageFromConfig({ backend: 'memcached' } as never)),
    ).toEqual([
      'backend: unknown backend (did you mean memcache?); expected one of memory, redis, valkey, memcache',
    ])
    expect(await issuesOf(() => createSessionStorageFromConfig({ ttl: 5 } as never))).toEqual([
      'backend: required; expected one of memory, redis, valkey, memcache',
    ])
    expect(await issuesOf(() => createSessionStorageFromConfig(42 as never))).toEqual([
      'config must be a store URL or an object with a backend name',
    ])
  })
})

describe('loadSessionBackend', () => {
  it('says what to install when the backend package is missing', async () => {
    const entry = {
      packageName: '@sessionkit/not-a-backend',
      install: 'npm install @sessionkit/not-a-backend',
      schemes: [],
    }
    expect(await issuesOf(() => loadSessionBackend(entry))).toEqual([
      'package @sessionkit/not-a-backend is not installed: run `npm install @sessionkit/not-a-backend`',
    ])
  })

  it('refuses a package without a sessionBackend export', async () => {
    const entry = { packageName: 'zod', install: 'npm install zod', schemes: [] }
    expect(await issuesOf(() => loadSessionBackend(entry))).toEqual([
      'package zod exports no sessionBackend: run `npm install zod` for a version that does',
    ])
  })

  it("returns the package's sessionBackend", async () => {
    const source =
      'export const sessionBackend = { optionsFromUrl: () => ({ url: 1 }), create: () => 2 }'
    const entry = {
      packageName: `data:text/javascript,${encodeURIComponent(source)}`,
      install: '',
      schemes: [],
    }
    const backend = await loadSessionBackend(entry)
    expect([backend.optionsFromUrl(''), backend.create({})]).toEqual([{ url: 1 }, 2])
  })
})

import { describe, expect, it } from 'vitest'
import { SessionConfigError } from '../errors.js'
import { createSessionStorageFromConfig, loadBackendFactory } from './create-from-config.js'
import { parseStoreUrl, redact } from './parse-store-url.js'

const issuesOf = async (config: Parameters<typeof createSessionStorageFromConfig>[0]) => {
  try {
    await createSessionStorageFromConfig(config)
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError)
    return (error as SessionConfigError).issues
  }
  throw new Error('expected a SessionConfigError')
}

describe('parseStoreUrl', () => {
  it('reads every scheme', () => {
    expect(parseStoreUrl('memory://?ttl=60&max=10')).toEqual({
      backend: 'memory',
      ttl: '60',
      max: '10',
    })
    expect(parseStoreUrl('redis://u:p@cache:6380/2?prefix=app:')).toEqual({
      backend: 'redis',
      url: 'redis://u:p@cache:6380/2',
      prefix: 'app:',
    })
    expect(parseStoreUrl('rediss://cache:6380')).toMatchObject({
      backend: 'redis',
      url: 'rediss://cache:6380',
    })
    expect(parseStoreUrl('valkey://cache:6379')).toMatchObject({
      backend: 'valkey',
      url: 'valkey://cache:6379',
    })
    expect(parseStoreUrl('valkeys://cache:6379')).toMatchObject({
      backend: 'valkey',
      url: 'valkeys://cache:6379',
    })
    expect(parseStoreUrl('memcache://h1:11211,h2:11212?ttl=5&failover=true')).toEqual({
      backend: 'memcache',
      servers: ['h1:11211', 'h2:11212'],
      ttl: '5',
      failover: 'true',
    })
    expect(parseStoreUrl('memcache://user:p%40ss@h1:11211')).toMatchObject({
      username: 'user',
      password: 'p@ss',
    })
  })

  it('rejects unknown schemes and non-URLs', () => {
    expect(() => parseStoreUrl('mongodb://x')).toThrow(/unknown store URL scheme/)
    expect(() => parseStoreUrl('nonsense')).toThrow(SessionConfigError)
  })

  it('keeps credentials out of messages', () => {
    expect(redact('redis://user:secret@host:6379')).toBe('redis://***@host:6379')
    expect(() => parseStoreUrl('redis://user:secret@ho st')).not.toThrow()
  })
})

describe('createSessionStorageFromConfig', () => {
  it('lists every problem of a config at once', async () => {
    const issues = await issuesOf({
      backend: 'memcache',
      servers: ['nohost'],
      ttl: -1,
      prefix: '',
      bogus: 1,
    } as never)
    expect(issues.join('\n')).toMatch(/servers\.0: must be host:port/)
    expect(issues.join('\n')).toMatch(/ttl/)
    expect(issues.join('\n')).toMatch(/prefix/)
    expect(issues.join('\n')).toMatch(/bogus/)
  })

  it('validates URL query options', async () => {
    const issues = await issuesOf('redis://localhost:6379?ttl=soon&colour=blue')
    expect(issues.join('\n')).toMatch(/ttl/)
    expect(issues.join('\n')).toMatch(/colour/)
  })

  it('refuses a redis backend with a valkey URL and an unknown backend', async () => {
    expect((await issuesOf({ backend: 'redis', url: 'valkey://x:1' })).join()).toMatch(/redis:\/\//)
    expect((await issuesOf({ backend: 'mongo' } as never)).length).toBeGreaterThan(0)
  })
})

describe('loadBackendFactory', () => {
  it('says what to install when the backend package is missing', async () => {
    const result = await loadBackendFactory({
      packageName: '@sessionkit/not-a-backend',
      factory: 'createIt',
      install: 'npm install @sessionkit/not-a-backend',
    })
    expect(result).toBe(
      'package @sessionkit/not-a-backend is not installed: run `npm install @sessionkit/not-a-backend`',
    )
  })

  it('says when a package lacks the factory', async () => {
    const result = await loadBackendFactory({
      packageName: 'zod',
      factory: 'createIt',
      install: '',
    })
    expect(result).toBe('package zod does not export createIt')
  })
})

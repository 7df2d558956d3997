import { SessionConfigError } from '@sessionkit/core'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { describe, expect, it } from 'vitest'
import type { RedisOptions } from './options.js'
import { createRedisDriver } from './redis-driver.js'
import { createRedisSessionStorage } from './redis-storage.js'

function issuesOf(options: RedisOptions): readonly string[] {
  const fromStorage = issuesFrom(() => createRedisSessionStorage(options))
  expect(issuesFrom(() => createRedisDriver(options))).toEqual(fromStorage)
  return fromStorage
}

function issuesFrom(create: () => unknown): readonly string[] {
  try {
    create()
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError)
    return (error as SessionConfigError).issues
  }
  throw new Error('expected a SessionConfigError')
}

const lazyClient = () => new Redis({ lazyConnect: true })

describe('redis options (one schema for the storage and the driver)', () => {
  it('accepts a url with defaults', async () => {
    const storage = createRedisSessionStorage({ url: 'redis://127.0.0.1:1', ttl: 60 })
    expect(storage.ttl).toBe(60)
    await storage.close()
  })

  it('lists every problem at once, unknown names with a hint', () => {
    expect(
      issuesOf({
        url: 'http://localhost',
        ttl: 0,
        maxSize: 1.5,
        timeout: -1,
        connectTimeout: Number.NaN,
        prefix: 'app{1}:',
        tls: 'yes' as never,
        ...({ commandTimout: 10 } as object),
      }),
    ).toEqual([
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      'maxSize: must be a whole number of bytes, at least 1',
      'timeout: must be a whole number of ms from 1 to 2147483647',
      "prefix: must not contain '{' or '}' (they would change the hash slot)",
      'connectTimeout: must be a whole number of ms from 1 to 2147483647',
      'tls: must be true, false or an object of Node TLS options',
      'commandTimout: unknown option (did you mean commandTimeout?)',
      'url: must start with redis://, rediss://, valkey://, valkeys://, redis+sentinel://, valkey+sentinel://',
    ])
  })

  it('takes Sentinel credentials with a Sentinel url only, and no TLS there', () => {
    expect(issuesOf({ url: 'redis://h', sentinelUsername: 'u', sentinelPassword: 'x' })).toEqual([
      'sentinelUsername: applies to Sentinel urls only',
      'sentinelPassword: applies to Sentinel urls only',
    ])
    expect(issuesOf({ url: 'valkey+sentinel://s1/main', tls: true })).toEqual([
      'tls: is not supported with Sentinel urls',
    ])
  })

  it('needs exactly one of url and client', () => {
    expect(issuesOf({})).toEqual(['url or client is required'])
    expect(issuesOf({ url: 'redis://h', client: lazyClient() })).toEqual([
      'give either url or client, not both',
    ])
  })

  it('rejects connection options next to a client, and non-clients', () => {
    expect(issuesOf({ client: lazyClient(), password: 'x', tls: true, library: 'redis' })).toEqual([
      'library: applies to url, not to client',
      'password: applies to url, not to client',
      'tls: applies to url, not to client',
    ])
    expect(issuesOf({ client: {} as never })).toEqual([
      'client: must be a node-redis client or cluster, or an ioredis / iovalkey Redis or Cluster',
    ])
  })

  it('takes node-redis clients, a library by name and cache bounds', async () => {
    const driver = createRedisDriver({ client: createClient(), cache: false })
    await driver.close()
    expect(
      issuesOf({
        url: 'redis://h',
        library: 'node-redis' as never,
        cache: 'no' as never,
        cacheMaxEntries: 0,
        cacheMaxBytes: 10,
      }),
    ).toEqual([
      'library: must be one of redis, ioredis, iovalkey',
      'cache: must be true or false',
      'cacheMaxEntries: must be a whole number of sessions from 1 to 2147483647',
      'cacheMaxBytes: must be a whole number of bytes, at least 1024',
    ])
  })

  it('flags a TLS scheme with tls: false and a bad database path', () => {
    expect(issuesOf({ url: 'rediss://h/x', tls: false })).toEqual([
      'url: path must be a database number, like /0',
    ])
    expect(issuesOf({ url: 'rediss://h/1', tls: false })).toEqual([
      'tls: false contradicts the TLS scheme of url',
    ])
  })

  it('never quotes the url or the password', () => {
    const issues = [
      ...issuesOf({ url: 'redis://user:s3cret@h:99999/x?y=1', password: 's3cret', ttl: 0 }),
      ...issuesOf({ url: 'redis://user:s3cret@@@ bad' }),
      ...issuesOf({ url: 'redis://user:s3cret@h', ...({ s3cret: true } as object) }),
    ]
    expect(issues.length).toBeGreaterThan(3)
    expect(issues.join('\n')).not.toContain('s3cret')
  })
})

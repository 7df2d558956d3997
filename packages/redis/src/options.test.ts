import { SessionConfigError } from '@sessionkit/core'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { redisOptionIssues } from './options.js'
import { createRedisSessionStorage } from './redis-storage.js'

describe('redis options', () => {
  it('accepts a url with defaults', () => {
    expect(redisOptionIssues({ url: 'redis://localhost:6379' })).toEqual([])
  })

  it('lists every problem at once', () => {
    const issues = redisOptionIssues({
      url: 'http://localhost',
      ttl: 0,
      maxSize: 1.5,
      timeout: -1,
      connectTimeout: Number.NaN,
      prefix: 'app{1}:',
      tls: 'yes' as never,
      ...({ commandTimout: 10 } as object),
    })
    expect(issues).toEqual([
      "unknown option 'commandTimout'",
      'url must start with redis://, rediss://, valkey://, valkeys://',
      "prefix must be a string without '{' or '}' (they would change the hash slot)",
      'ttl must be a whole number > 0, got 0',
      'maxSize must be a whole number > 0, got 1.5',
      'timeout must be a whole number > 0, got -1',
      'connectTimeout must be a whole number > 0, got NaN',
      'tls must be a boolean or an object of TLS options',
    ])
  })

  it('needs exactly one of url and client', () => {
    expect(redisOptionIssues({})).toEqual(['url or client is required'])
    const client = new Redis({ lazyConnect: true })
    expect(redisOptionIssues({ url: 'redis://h', client })).toEqual([
      'give either url or client, not both',
    ])
  })

  it('rejects connection options next to a client, and non-clients', () => {
    const client = new Redis({ lazyConnect: true })
    expect(redisOptionIssues({ client, password: 'x', tls: true })).toEqual([
      'password applies to url, not to client',
      'tls applies to url, not to client',
    ])
    expect(redisOptionIssues({ client: {} as never })).toEqual([
      'client must be an ioredis or iovalkey Redis or Cluster instance',
    ])
  })

  it('flags a TLS scheme with tls: false and a bad database path', () => {
    expect(redisOptionIssues({ url: 'rediss://h/x', tls: false })).toEqual([
      'url path must be a database number, like /0',
    ])
    expect(redisOptionIssues({ url: 'rediss://h/1', tls: false })).toEqual([
      'tls: false contradicts a TLS url scheme',
    ])
  })

  it('never quotes the url, which may hold a password', () => {
    const issues = redisOptionIssues({ url: 'redis://user:s3cret@h:99999/x?y=1' })
    expect(issues.join('\n')).not.toContain('s3cret')
    expect(redisOptionIssues({ url: 'redis://user:s3cret@@@ bad' }).join()).not.toContain('s3cret')
  })

  it('throws SessionConfigError from the factory', () => {
    expect(() => createRedisSessionStorage({ url: 'mysql://x', ttl: -5 })).toThrow(
      SessionConfigError,
    )
    try {
      createRedisSessionStorage({ url: 'mysql://x', ttl: -5 })
    } catch (error) {
      expect((error as SessionConfigError).issues).toHaveLength(2)
    }
  })
})

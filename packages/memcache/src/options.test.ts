import { SessionConfigError } from '@sessionkit/core'
import { Client } from 'memjs'
import { describe, expect, it } from 'vitest'
import { createMemcacheDriver } from './memcache-driver.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { memcacheOptionIssues, parseServers } from './options.js'

function issuesOf(make: () => unknown): readonly string[] {
  try {
    make()
  } catch (error) {
    if (error instanceof SessionConfigError) return error.issues
    throw error
  }
  throw new Error('expected a SessionConfigError')
}

describe('memcache options', () => {
  it('accepts a valid configuration, and the storage starts without connecting', async () => {
    expect(
      memcacheOptionIssues({
        servers: ['cache1:11211', '10.0.0.2:11212', '[::1]:11211', 'cache3'],
        ttl: 3600,
        prefix: 'app:sess:',
        maxSize: 65_536,
        timeout: 500,
        retries: 0,
        failover: true,
        failoverRetryDelay: 1_000,
        username: 'user',
        password: 'secret',
      }),
    ).toEqual([])
    const storage = createMemcacheSessionStorage({ servers: 'a:1,b:2', ttl: 60 })
    expect(storage.ttl).toBe(60)
    expect(storage.capabilities.fieldTtl).toBe('emulated')
    await storage.close()
  })

  it('parses host:port, [v6]:port and a default port', () => {
    expect(parseServers(['h:1', '[::1]:2', 'h3'])).toEqual([
      { host: 'h', port: 1 },
      { host: '::1', port: 2 },
      { host: 'h3', port: 11211 },
    ])
    expect(parseServers(' a:1 , b:2 ')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ])
  })

  it('lists every problem in one SessionConfigError', () => {
    const issues = issuesOf(() =>
      createMemcacheSessionStorage({
        servers: ['ok:11211', 'bad host:1', 'h:99999', 'ok:11211'],
        ttl: -1,
        maxSize: 1.5,
        timeout: 0,
        retries: 11,
        prefix: 'has space:',
        failover: 'yes' as unknown as boolean,
        username: 'only-user',
      }),
    )
    expect(issues).toEqual([
      'servers: "bad host:1" is not host:port (port 1-65535)',
      'servers: "h:99999" is not host:port (port 1-65535)',
      'servers: ok:11211 is listed twice',
      'prefix may not contain spaces or control characters (memcached keys cannot)',
      'ttl must be a whole number > 0, got -1',
      'maxSize must be a whole number > 0, got 1.5',
      'timeout must be a whole number > 0, got 0',
      'retries must be a whole number from 0 to 10, got 11',
      'failover must be true or false, got "yes" (a string)',
      'username and password must be given together',
    ])
  })

  it('needs servers or a client, not both, and no SASL options beside a client', () => {
    expect(issuesOf(() => createMemcacheDriver({}))).toEqual([
      'servers is required (host:port list) unless client is given',
    ])
    expect(issuesOf(() => createMemcacheDriver({ servers: [] }))).toEqual([
      'servers must list at least one host:port',
    ])
    const client = Client.create('127.0.0.1:11211')
    expect(
      issuesOf(() =>
        createMemcacheDriver({ client, servers: ['a:1'], username: 'u', password: 'p' }),
      ),
    ).toEqual([
      'give either servers or client, not both',
      'username/password cannot be used with client: configure SASL on the client',
    ])
    expect(issuesOf(() => createMemcacheDriver({ client: {} as unknown as Client }))).toEqual([
      'client must be a memjs Client (memjs.Client.create)',
    ])
  })

  it('keeps keys valid for memcached: no control characters, at most 250 bytes', () => {
    expect(issuesOf(() => createMemcacheDriver({ servers: ['a:1'], prefix: 'tab\t' }))).toEqual([
      'prefix may not contain spaces or control characters (memcached keys cannot)',
    ])
    expect(memcacheOptionIssues({ servers: ['a:1'], prefix: 'p'.repeat(207) })).toEqual([])
    expect(
      issuesOf(() => createMemcacheDriver({ servers: ['a:1'], prefix: 'p'.repeat(208) })),
    ).toEqual([
      'prefix is too long: keys would take 251 bytes, memcached allows 250 (prefix at most 207 bytes)',
    ])
    // Multi-byte characters count as the bytes they take.
    expect(memcacheOptionIssues({ servers: ['a:1'], prefix: 'é'.repeat(104) })).toHaveLength(1)
  })
})

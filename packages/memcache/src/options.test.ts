import { SessionConfigError } from '@sessionkit/core'
import { Client } from 'memjs'
import { describe, expect, it } from 'vitest'
import { createMemcacheDriver } from './memcache-driver.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import { parseServerAddress } from './network/server-address.js'
import type { MemcacheOptions } from './options.js'

/** The issues both factories report for `options` (they share one schema). */
function issuesOf(options: MemcacheOptions): readonly string[] {
  const fromStorage = issuesFrom(() => createMemcacheSessionStorage(options))
  expect(issuesFrom(() => createMemcacheDriver(options))).toEqual(fromStorage)
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

describe('memcache options (one schema for the storage and the driver)', () => {
  it('accepts a valid configuration, and the storage starts without connecting', async () => {
    const storage = createMemcacheSessionStorage({
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
    })
    expect([storage.ttl, storage.capabilities.fieldTtl]).toEqual([3600, 'emulated'])
    await storage.close()
    const fromString = createMemcacheSessionStorage({ servers: 'a:1, b', ttl: 60 })
    expect(fromString.ttl).toBe(60)
    await fromString.close()
  })

  it('reads host:port, [v6]:port and a host alone (port 11211)', () => {
    expect(['h:1', '[::1]:2', 'h3', ' h4 '].map(parseServerAddress)).toEqual([
      { host: 'h', port: 1 },
      { host: '::1', port: 2 },
      { host: 'h3', port: 11211 },
      { host: 'h4', port: 11211 },
    ])
    for (const bad of ['bad host:1', 'h:99999', 'h:0', 'u:p@h', 'h%20x', '']) {
      expect(parseServerAddress(bad)).toBeUndefined()
    }
  })

  it('lists every problem in one SessionConfigError', () => {
    expect(
      issuesOf({
        servers: ['ok:11211', 'bad host:1', 'h:99999', 'ok'],
        ttl: -1,
        maxSize: 1.5,
        timeout: 0,
        retries: 11,
        prefix: 'has space:',
        failover: 'yes' as unknown as boolean,
        username: 'only-user',
      }),
    ).toEqual([
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      'maxSize: must be a whole number of bytes, at least 1',
      'timeout: must be a whole number of ms from 1 to 2147483647',
      'prefix: must not contain spaces or control characters (memcached keys cannot)',
      'servers.1: is not host or host:port (port 1-65535)',
      'servers.2: is not host or host:port (port 1-65535)',
      'servers.3: ok:11211 is listed twice',
      'retries: must be a whole number of retries from 0 to 10',
      'failover: must be true or false',
      'username and password must be given together',
    ])
  })

  it('refuses unknown option names, with the name meant', () => {
    expect(issuesOf({ servers: ['a:1'], failOver: true, retires: 2 } as never)).toEqual([
      'failOver: unknown option (did you mean failover?)',
      'retires: unknown option (did you mean retries?)',
    ])
  })

  it('needs servers or a client, not both, and no SASL options beside a client', () => {
    expect(issuesOf({})).toEqual(['servers: required (a host:port list) unless client is given'])
    expect(issuesOf({ servers: [] })).toEqual(['servers: must list at least one host:port'])
    expect(issuesOf({ servers: '' })).toEqual(['servers: must list at least one host:port'])
    const client = Client.create('127.0.0.1:11211')
    expect(issuesOf({ client, servers: ['a:1'], username: 'u', password: 'p' })).toEqual([
      'give either servers or client, not both',
      'username and password cannot be used with client: configure SASL on the client',
    ])
    expect(issuesOf({ client: {} as unknown as Client })).toEqual([
      'client: must be a memjs Client (memjs.Client.create)',
    ])
  })

  it('keeps keys valid for memcached: no control characters, at most 250 bytes', () => {
    expect(issuesOf({ servers: ['a:1'], prefix: 'tab\t' })).toEqual([
      'prefix: must not contain spaces or control characters (memcached keys cannot)',
    ])
    expect(() => createMemcacheDriver({ servers: ['a:1'], prefix: 'p'.repeat(207) })).not.toThrow()
    const tooLong =
      "prefix: is too long: at most 207 bytes, so that keys stay within memcached's 250"
    expect(issuesOf({ servers: ['a:1'], prefix: 'p'.repeat(208) })).toEqual([tooLong])
    // Multi-byte characters count as the bytes they take.
    expect(issuesOf({ servers: ['a:1'], prefix: 'é'.repeat(104) })).toEqual([tooLong])
  })

  it('never quotes a password or a server entry that may hold one', () => {
    const issues = issuesOf({
      servers: ['admin:hunter22@h:1'],
      password: 'hunter22',
      ...({ hunter22: 1 } as object),
    })
    expect(issues).toEqual([
      'servers.0: is not host or host:port (port 1-65535)',
      '***: unknown option',
      'username and password must be given together',
    ])
  })
})

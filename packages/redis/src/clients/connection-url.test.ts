import { describe, expect, it } from 'vitest'
import { parseConnectionUrl } from './connection-url.js'
import { ioredisOptions, nodeRedisOptions } from './owned-client.js'

describe('Sentinel urls', () => {
  it('reads the Sentinels, the primary name, the database and the primary credentials', () => {
    expect(
      parseConnectionUrl('redis+sentinel://app:p%40ss@s1:26380,[::1],s3/my%20primary/2'),
    ).toEqual({
      library: 'redis',
      host: 's1',
      port: 26380,
      tls: false,
      username: 'app',
      password: 'p@ss',
      db: 2,
      sentinel: {
        name: 'my primary',
        nodes: [
          { host: 's1', port: 26380 },
          { host: '::1', port: 26379 },
          { host: 's3', port: 26379 },
        ],
      },
    })
    expect(parseConnectionUrl('valkey+sentinel://s1/main')).toMatchObject({
      library: 'iovalkey',
      sentinel: { name: 'main', nodes: [{ host: 's1', port: 26379 }] },
    })
  })

  it('lists every problem without quoting the url', () => {
    expect(parseConnectionUrl('redis+sentinel://:secret@s1:99999,/')).toEqual({
      issues: [
        'must list Sentinels as host[:port], separated by commas',
        'path must name the primary: /name or /name/db',
      ],
    })
    expect(parseConnectionUrl('redis+sentinel://s1/main/x?a=1')).toEqual({
      issues: [
        'path must be /name or /name/db, the database a number like 0',
        'must not have a query or fragment; pass connection settings as options',
      ],
    })
  })

  it('gives each client its Sentinel options', () => {
    const target = parseConnectionUrl('redis+sentinel://app:pw@s1,s2:26380/main/1')
    if ('issues' in target) throw new Error('valid url refused')
    const options = { url: '', sentinelPassword: 'spw' }
    expect(ioredisOptions(target, options)).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'main',
      sentinelPassword: 'spw',
      username: 'app',
      password: 'pw',
      db: 1,
      failoverDetector: true,
    })
    expect(ioredisOptions(target, options)).not.toHaveProperty('host')
  })
})

describe('connection urls', () => {
  it('picks the default client package by scheme', () => {
    expect(parseConnectionUrl('redis://h')).toMatchObject({ library: 'redis', tls: false })
    expect(parseConnectionUrl('rediss://h')).toMatchObject({ library: 'redis', tls: true })
    expect(parseConnectionUrl('valkey://h')).toMatchObject({ library: 'iovalkey', tls: false })
    expect(parseConnectionUrl('valkeys://h')).toMatchObject({ library: 'iovalkey', tls: true })
  })

  it('reads host, port, credentials and database', () => {
    expect(parseConnectionUrl('valkeys://app%40x:p%3Ass@[::1]:7000/3')).toEqual({
      library: 'iovalkey',
      host: '::1',
      port: 7000,
      tls: true,
      username: 'app@x',
      password: 'p:ss',
      db: 3,
    })
    expect(parseConnectionUrl('redis://:only-password@cache')).toEqual({
      library: 'redis',
      host: 'cache',
      port: 6379,
      tls: false,
      password: 'only-password',
    })
  })

  it('builds ioredis options: explicit options win over the url, bounded waits', () => {
    const target = parseConnectionUrl('rediss://u:p@h:1/2')
    if ('issues' in target) throw new Error('unexpected')
    const options = ioredisOptions(target, { password: 'q', timeout: 700, connectTimeout: 300 })
    expect(options).toMatchObject({
      host: 'h',
      port: 1,
      db: 2,
      username: 'u',
      password: 'q',
      tls: {},
      connectTimeout: 300,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
    })
    expect(options).not.toHaveProperty('commandTimeout')
    expect(ioredisOptions(target, { commandTimeout: 50, tls: { servername: 'x' } })).toMatchObject({
      commandTimeout: 50,
      tls: { servername: 'x' },
    })
  })

  it('builds node-redis options: no offline queue, a command timeout only when asked for', () => {
    const target = parseConnectionUrl('rediss://u:p@h:1/2')
    if ('issues' in target) throw new Error('unexpected')
    const options = nodeRedisOptions(target, { password: 'q', timeout: 700, connectTimeout: 300 })
    expect(options).toMatchObject({
      socket: { host: 'h', port: 1, tls: true, connectTimeout: 300 },
      database: 2,
      username: 'u',
      password: 'q',
      disableOfflineQueue: true,
    })
    expect(options).toHaveProperty('commandOptions.timeout', undefined)
    const plain = parseConnectionUrl('redis://h')
    if ('issues' in plain) throw new Error('unexpected')
    const timed = nodeRedisOptions(plain, { commandTimeout: 50, tls: { servername: 'x' } })
    expect(timed).toMatchObject({
      socket: { tls: true, servername: 'x' },
      commandOptions: { timeout: 50, typeMapping: { 37: Array } },
    })
    expect(nodeRedisOptions(plain, {})).not.toHaveProperty('socket.tls')
  })
})

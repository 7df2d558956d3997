import { describe, expect, it } from 'vitest'
import { parseConnectionUrl } from './connection-url.js'
import { clientOptions } from './owned-client.js'

describe('connection urls', () => {
  it('picks the client package by scheme', () => {
    expect(parseConnectionUrl('redis://h')).toMatchObject({ clientPackage: 'ioredis', tls: false })
    expect(parseConnectionUrl('rediss://h')).toMatchObject({ clientPackage: 'ioredis', tls: true })
    expect(parseConnectionUrl('valkey://h')).toMatchObject({
      clientPackage: 'iovalkey',
      tls: false,
    })
    expect(parseConnectionUrl('valkeys://h')).toMatchObject({
      clientPackage: 'iovalkey',
      tls: true,
    })
  })

  it('reads host, port, credentials and database', () => {
    expect(parseConnectionUrl('valkeys://app%40x:p%3Ass@[::1]:7000/3')).toEqual({
      clientPackage: 'iovalkey',
      host: '::1',
      port: 7000,
      tls: true,
      username: 'app@x',
      password: 'p:ss',
      db: 3,
    })
    expect(parseConnectionUrl('redis://:only-password@cache')).toEqual({
      clientPackage: 'ioredis',
      host: 'cache',
      port: 6379,
      tls: false,
      password: 'only-password',
    })
  })

  it('builds client options: explicit options win over the url, bounded waits', () => {
    const target = parseConnectionUrl('rediss://u:p@h:1/2')
    if ('issues' in target) throw new Error('unexpected')
    const options = clientOptions(target, { password: 'q', timeout: 700, connectTimeout: 300 })
    expect(options).toMatchObject({
      host: 'h',
      port: 1,
      db: 2,
      username: 'u',
      password: 'q',
      tls: {},
      connectTimeout: 300,
      commandTimeout: 700,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
    })
    expect(clientOptions(target, { commandTimeout: 50, tls: { servername: 'x' } })).toMatchObject({
      commandTimeout: 50,
      tls: { servername: 'x' },
    })
  })
})

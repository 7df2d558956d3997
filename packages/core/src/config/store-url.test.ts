import { describe, expect, it } from 'vitest'
import { SessionConfigError } from '../errors.js'
import { parseStoreUrl, redact } from './store-url.js'

describe('parseStoreUrl', () => {
  it('takes a URL apart, keeping host lists the WHATWG parser refuses', () => {
    const url = parseStoreUrl('memcache://app:p%40ss@h1:11211,h2?ttl=5&failover=true')
    expect(url).toMatchObject({
      scheme: 'memcache',
      username: 'app',
      password: 'p@ss',
      hosts: 'h1:11211,h2',
      path: '',
      base: 'memcache://app:p%40ss@h1:11211,h2',
    })
    expect([...url.query]).toEqual([
      ['ttl', '5'],
      ['failover', 'true'],
    ])
    expect(parseStoreUrl('REDIS://:secret@[::1]:6380/2')).toMatchObject({
      scheme: 'redis',
      password: 'secret',
      hosts: '[::1]:6380',
      path: '/2',
    })
    expect(parseStoreUrl('memory://')).toMatchObject({ scheme: 'memory', hosts: '', path: '' })
    expect(parseStoreUrl('memory://').username).toBeUndefined()
  })

  it('refuses what is not scheme://..., without quoting it', () => {
    for (const url of ['nonsense', 'redis:u:hunter22@h', '://h', '']) {
      expect(() => parseStoreUrl(url)).toThrow(SessionConfigError)
      expect(() => parseStoreUrl(url)).not.toThrow(/hunter22/)
    }
    expect(() => parseStoreUrl('redis://u:%E0%A4%A@h')).toThrow(/not validly percent-encoded/)
  })
})

describe('redact', () => {
  it('hides the credentials of every URL in a text', () => {
    expect(redact('a redis://u:secret@h:1 and valkeys://:x@y b')).toBe(
      'a redis://***@h:1 and valkeys://***@y b',
    )
  })
})

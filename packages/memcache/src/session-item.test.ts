import { SessionDataError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import {
  decodeItem,
  dropExpiredFields,
  encodeItem,
  type ItemFields,
  patchFields,
} from './session-item.js'

describe('session item format', () => {
  it('round-trips values verbatim and expiries, with `e` only when needed', () => {
    const fields: ItemFields = new Map([
      ['user', { value: '{"id":7,"name":"Zoë \\"Z\\""}' }],
      ['cart', { value: '[1,2]', expiresAt: 1_900_000_000_123 }],
    ])
    const encoded = encodeItem(fields)
    expect(JSON.parse(encoded)).toEqual({
      v: 1,
      f: { user: '{"id":7,"name":"Zoë \\"Z\\""}', cart: '[1,2]' },
      e: { cart: 1_900_000_000_123 },
    })
    expect(decodeItem(Buffer.from(encoded), 'k')).toEqual(fields)
    expect(encodeItem(new Map([['a', { value: '1' }]]))).toBe('{"v":1,"f":{"a":"1"}}')
  })

  it('refuses corrupt and foreign items with a SessionDataError', () => {
    for (const bad of ['nope', '[]', '{"v":2,"f":{}}', '{"v":1,"f":{"a":1}}', '{"v":1}']) {
      expect(() => decodeItem(bad, 'session:x')).toThrow(SessionDataError)
    }
    expect(() => decodeItem('{"v":1,"f":{"a":"1"},"e":{"a":"soon"}}', 'k')).toThrow(
      /invalid expiry/,
    )
  })

  it('drops expired fields and applies patches with field TTLs', () => {
    const now = 1_000_000
    const fields: ItemFields = new Map([
      ['old', { value: '1', expiresAt: now }],
      ['keep', { value: '2', expiresAt: now + 1 }],
      ['gone', { value: '3' }],
    ])
    patchFields(fields, { set: { fresh: { value: '4', ttl: 60 } }, unset: ['gone'] }, now)
    expect(fields).toEqual(
      new Map([
        ['keep', { value: '2', expiresAt: now + 1 }],
        ['fresh', { value: '4', expiresAt: now + 60_000 }],
      ]),
    )
    expect(dropExpiredFields(fields, now + 1)).toBe(true)
    expect(dropExpiredFields(fields, now + 1)).toBe(false)
    // A write without ttl clears an earlier expiry.
    patchFields(fields, { set: { fresh: { value: '5' } }, unset: [] }, now)
    expect(fields.get('fresh')).toEqual({ value: '5', expiresAt: undefined })
  })
})

import { SessionDataError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { decodeItem, encodeItem, type ItemFields } from './session-item.js'

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
})

import { SessionDataError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { decodeItem, encodeItem } from './session-item.js'

describe('session item format', () => {
  it('writes each field as lengths, optional expiry, name and value, verbatim', () => {
    const fields = new Map<string, { value: string; expiresAt?: number }>([
      ['user', { value: '{"id":7,"name":"Zoë \\"Z\\""}' }],
      ['cart', { value: '[1,2]', expiresAt: 1_900_000_000_123 }],
    ])
    const encoded = encodeItem(fields)
    expect(encoded).toBe('2;4,27:user{"id":7,"name":"Zoë \\"Z\\""};4,5,1900000000123:cart[1,2]')
    expect(new Map(decodeItem(Buffer.from(encoded), 'k'))).toEqual(fields)
    expect(encodeItem(new Map())).toBe('2')
    expect(decodeItem('2', 'k').size).toBe(0)
  })

  it('round-trips any names and values: separators, non-ASCII, emoji, empty values', () => {
    const fields = new Map<string, { value: string; expiresAt?: number }>([
      [';1,2:', { value: ';3,4,5:x' }],
      ['名前', { value: '"😀 ünïcödé"', expiresAt: 1 }],
      ['empty', { value: '' }],
      ['2', { value: '{"v":1}' }],
    ])
    const bytes = Buffer.from(encodeItem(fields), 'utf8')
    expect(new Map(decodeItem(bytes, 'k'))).toEqual(fields)
  })

  it('reads items in the JSON format of earlier versions', () => {
    const v1 = '{"v":1,"f":{"user":"{\\"id\\":7}","cart":"[1,2]"},"e":{"cart":1900000000123}}'
    expect(new Map(decodeItem(Buffer.from(v1), 'k'))).toEqual(
      new Map([
        ['user', { value: '{"id":7}', expiresAt: undefined }],
        ['cart', { value: '[1,2]', expiresAt: 1_900_000_000_123 }],
      ]),
    )
  })

  it('refuses corrupt and foreign items with a SessionDataError', () => {
    const bad = [
      '',
      'nope',
      '3;1,1:ab',
      '2;1,1:a',
      '2;1,1:abc',
      '2;0,1:a',
      '2;x,1:ab',
      '2;1,1,soon:ab',
      '2;1,1ab',
      '2;1234567890123456,1:ab',
      '[]',
      '{"v":2,"f":{}}',
      '{"v":1,"f":{"a":1}}',
      '{"v":1}',
      'not json {',
    ]
    for (const item of bad) {
      expect(() => decodeItem(item, 'session:x'), item).toThrow(SessionDataError)
    }
    expect(() => decodeItem('{"v":1,"f":{"a":"1"},"e":{"a":"soon"}}', 'k')).toThrow(
      /invalid expiry/,
    )
  })
})

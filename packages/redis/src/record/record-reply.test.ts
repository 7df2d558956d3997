import { SessionStorageUnavailableError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { consumedRecordOf, recordOf, versionOf } from './record-reply.js'

const NOW = 1_700_000_000_000

describe('record replies', () => {
  it('reads fields, version, record expiry and field expiry times; driver fields stay out', () => {
    const reply = [
      ...['a', '1', '__proto__', '2', 'otp', '"x"', 'gone', '3'],
      ...['__sk:d:v', '41', '__sk:d:x', String(NOW + 60_000), '__sk:d:n', String(NOW - 5)],
      ...['__sk:d:t:otp', String(NOW + 1000), '__sk:d:t:gone', String(NOW - 5)],
    ]
    const record = recordOf(reply, NOW)
    expect(new Map(record?.fields)).toEqual(
      new Map([
        ['a', { value: '1' }],
        ['__proto__', { value: '2' }],
        ['otp', { value: '"x"', expiresAt: NOW + 1000 }],
      ]),
    )
    expect(record).toEqual({
      fields: record?.fields,
      version: 41,
      expiresAt: NOW + 60_000,
      nextFieldExpiry: NOW + 1000,
    })
  })

  it('takes the object and Map forms of an HGETALL reply alike', () => {
    const object = Object.create(null) as Record<string, string>
    const proto = '__proto__'
    object[proto] = '1'
    object['__sk:flash:n'] = '"hi"'
    object['__sk:d:v'] = '3'
    const fromObject = recordOf(object, NOW)
    const fromMap = recordOf(new Map(Object.entries(object)), NOW)
    expect(fromObject).toEqual(fromMap)
    expect(fromObject?.fields.get('__proto__')).toEqual({ value: '1' })
    expect(fromObject?.fields.hasFlash).toBe(true)
    // No expiry time in the hash: reported as now, so core refreshes the TTL (which writes one).
    expect(fromObject?.expiresAt).toBe(NOW)
  })

  it('maps a missing hash to null and rejects malformed replies', () => {
    expect(recordOf([], NOW)).toBeNull()
    expect(recordOf({}, NOW)).toBeNull()
    expect(recordOf(null, NOW)).toBeNull()
    expect(() => recordOf(['a'], NOW)).toThrow(SessionStorageUnavailableError)
    expect(() => recordOf(['a', 1], NOW)).toThrow(SessionStorageUnavailableError)
    expect(() => recordOf('OK', NOW)).toThrow(SessionStorageUnavailableError)
  })

  it('reads the consuming read and the write scripts', () => {
    expect(consumedRecordOf([['a', '1', '__sk:d:v', '4'], 5], NOW)?.version).toBe(5)
    expect(consumedRecordOf(null, NOW)).toBeNull()
    expect(versionOf(7)).toBe(7)
    expect(versionOf(null)).toBeNull()
    expect(() => versionOf([7])).toThrow(SessionStorageUnavailableError)
  })
})

import { SessionStorageUnavailableError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { storedFieldsOf } from './load-reply.js'

describe('load replies', () => {
  it('decodes the field list and the expiry times', () => {
    const fields = storedFieldsOf([
      ['a', '1', '__proto__', '2'],
      [-1, 1700000000000],
    ])
    expect(fields).toEqual(
      new Map([
        ['a', { value: '1' }],
        ['__proto__', { value: '2', expiresAt: 1.7e12 }],
      ]),
    )
  })

  it('maps a missing record to null and rejects malformed replies', () => {
    expect(storedFieldsOf(null)).toBeNull()
    expect(() => storedFieldsOf([['a', '1'], []])).toThrow(SessionStorageUnavailableError)
    expect(() => storedFieldsOf(['a', '1', -1])).toThrow(SessionStorageUnavailableError)
  })
})

import { describe, expect, it } from 'vitest'
import { COUNTER_FIELD, counterOf, FIELD_COUNT, sessionFields } from './session-fields.js'

describe('sessionFields', () => {
  it.each([1024, 16 * 1024, 64 * 1024])('is exactly %i bytes of JSON in 10 fields', (bytes) => {
    const fields = sessionFields(bytes)
    expect(Object.keys(fields)).toHaveLength(FIELD_COUNT)
    expect(fields[COUNTER_FIELD]).toBe(0)
    expect(Buffer.byteLength(JSON.stringify(fields))).toBe(bytes)
  })

  it('is the same data every time, without characters JSON escapes', () => {
    const text = JSON.stringify(sessionFields(4096))
    expect(JSON.stringify(sessionFields(4096))).toBe(text)
    expect(text).not.toMatch(/\\/)
  })

  it('refuses a size too small for 10 fields', () => {
    expect(() => sessionFields(50)).toThrow(RangeError)
  })
})

describe('counterOf', () => {
  it('passes a whole number and fails anything else, naming the target', () => {
    expect(counterOf(7, 't')).toBe(7)
    expect(() => counterOf(undefined, 'peer-x')).toThrow(/peer-x/)
    expect(() => counterOf('7', 't')).toThrow()
  })
})

import { describe, expect, it } from 'vitest'
import { SessionDataError } from '../errors.js'
import { decodeJsonValue, encodeJsonValue } from './json-value.js'

describe('encodeJsonValue', () => {
  it('encodes every JSON type', () => {
    const value = {
      s: 'é😀',
      n: -1.5,
      b: false,
      z: null,
      a: [1, 'two', [3]],
      o: { deep: { x: 1 } },
    }
    expect(decodeJsonValue('k', encodeJsonValue('k', value))).toEqual(value)
    expect(encodeJsonValue('k', Object.create(null))).toBe('{}')
  })

  it.each([
    ['a function', () => 1],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['undefined', undefined],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
    ['a Date', new Date()],
    ['a Map', new Map()],
    ['a nested function', { a: [{ f: () => 1 }] }],
    ['an undefined property', { a: undefined }],
  ])('refuses %s naming the key', (_what, value) => {
    expect(() => encodeJsonValue('cart', value)).toThrow(SessionDataError)
    expect(() => encodeJsonValue('cart', value)).toThrow(/"cart"/)
  })

  it('refuses cycles but accepts shared references', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => encodeJsonValue('k', cyclic)).toThrow(/circular/)
    const shared = { x: 1 }
    expect(encodeJsonValue('k', [shared, shared])).toBe('[{"x":1},{"x":1}]')
  })

  it('reports a corrupt stored value as a data error naming the key', () => {
    const error = (() => {
      try {
        decodeJsonValue('user', '{oops')
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(SessionDataError)
    expect((error as SessionDataError).key).toBe('user')
  })
})

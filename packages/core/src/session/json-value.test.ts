import { describe, expect, it } from 'vitest'
import { SessionDataError } from '../errors.js'
import { decodeJsonValue, encodeJsonValue, MAX_VALUE_DEPTH } from './json-value.js'

/** `array` with the item at `index` deleted: `[1, , 3]`. */
function withHole(array: number[], index: number): number[] {
  delete array[index]
  return array
}

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

  it.each([
    ['-0', -0],
    ['-0 inside an object', { a: [1, -0] }],
    ['a sparse array', withHole([1, 2, 3], 1)],
    ['an array with a trailing hole', new Array(2)],
    ['an array with a named property', Object.assign([1, 2], { extra: true })],
    [
      'an array with holes and named properties as many',
      Object.assign(withHole([1, 2, 3], 1), { x: 2 }),
    ],
    ['an array subclass', new (class Items extends Array {})()],
    ['a non-enumerable property', Object.defineProperty({}, 'hidden', { value: 1 })],
    ['a getter', Object.defineProperty({}, 'now', { get: () => 1, enumerable: true })],
    ['a setter only', Object.defineProperty({}, 'x', { set: () => {}, enumerable: true })],
    ['a symbol-keyed property', { [Symbol('s')]: 1 }],
    ['a boxed string', Object('text')],
  ])('refuses %s, which JSON would not give back unchanged', (_what, value) => {
    expect(() => encodeJsonValue('k', value)).toThrow(SessionDataError)
    expect(() => encodeJsonValue('k', value)).toThrow(/unchanged/)
  })

  it('accepts what comes back equal: 0, integer-like keys, a __proto__ own property', () => {
    const proto = JSON.parse('{"__proto__": {"x": 1}, "2": "two", "1": "one"}')
    for (const value of [0, [0, 1.5, -2], proto, [[], {}], 'lone \uD800 in a value']) {
      expect(decodeJsonValue('k', encodeJsonValue('k', value))).toStrictEqual(value)
    }
  })

  it(`accepts values nested ${MAX_VALUE_DEPTH} deep and refuses deeper ones, at any depth`, () => {
    const nest = (depth: number) => {
      let value: unknown = 'leaf'
      for (let i = 0; i < depth; i++) value = i % 2 ? { v: value } : [value]
      return value
    }
    const deepest = nest(MAX_VALUE_DEPTH)
    expect(decodeJsonValue('k', encodeJsonValue('k', deepest))).toStrictEqual(deepest)
    for (const depth of [MAX_VALUE_DEPTH + 1, 5_000, 100_000]) {
      expect(() => encodeJsonValue('deep', nest(depth))).toThrow(SessionDataError)
      expect(() => encodeJsonValue('deep', nest(depth))).toThrow(/nesting deeper than 256/)
    }
  })

  it('reads a stored value nested too deep as corrupt, without a stack overflow', () => {
    for (const depth of [MAX_VALUE_DEPTH + 1, 1_000_000]) {
      const stored = `${'['.repeat(depth)}${']'.repeat(depth)}`
      expect(() => decodeJsonValue('deep', stored)).toThrow(SessionDataError)
      expect(() => decodeJsonValue('deep', stored)).toThrow(/deeper than 256/)
    }
    const atLimit = `${'{"a":'.repeat(MAX_VALUE_DEPTH - 1)}["[[[{\\"]"]${'}'.repeat(MAX_VALUE_DEPTH - 1)}`
    expect(() => decodeJsonValue('k', atLimit)).not.toThrow()
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

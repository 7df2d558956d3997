import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mapDriver } from '../../test-support/map-driver.js'
import { propertyParameters } from '../../test-support/property-runs.js'
import { SessionDataError } from '../errors.js'
import { createSessionStorage } from '../storage/create-session-storage.js'
import { RESERVED_FIELD_PREFIX } from '../storage/reserved-fields.js'
import { DEFAULT_MAX_KEY_LENGTH } from '../storage/storage-options.js'
import { MAX_VALUE_DEPTH } from './json-value.js'

/**
 * The model of what a session stores: a key is accepted unless empty, reserved, `__proto__`,
 * longer than maxKeyLength or not well-formed Unicode; a value is accepted when it is JSON that
 * comes back unchanged (null, booleans, finite numbers but -0, strings, plain arrays without
 * holes and plain objects of such, at most MAX_VALUE_DEPTH deep, no cycles).
 */
function keyAccepted(key: string): boolean {
  return (
    key !== '' &&
    !key.startsWith(RESERVED_FIELD_PREFIX) &&
    key !== '__proto__' &&
    Buffer.byteLength(key) <= DEFAULT_MAX_KEY_LENGTH &&
    !/\p{Cs}/u.test(key)
  )
}

function valueAccepted(value: unknown, depth = 0, seen = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0)
  if (typeof value !== 'object' || seen.has(value) || depth >= MAX_VALUE_DEPTH) return false
  const prototype = Object.getPrototypeOf(value)
  if (Object.getOwnPropertySymbols(value).length > 0) return false
  seen.add(value)
  let ok: boolean
  if (Array.isArray(value)) {
    ok =
      prototype === Array.prototype &&
      Object.getOwnPropertyNames(value).length === value.length + 1 &&
      value.every((_, i) => {
        const item = Object.getOwnPropertyDescriptor(value, i)
        return item !== undefined && 'value' in item && valueAccepted(item.value, depth + 1, seen)
      })
  } else {
    const names = Object.getOwnPropertyNames(value)
    ok =
      (prototype === Object.prototype || prototype === null) &&
      names.length === Object.keys(value).length &&
      names.every((name) => {
        const property = Object.getOwnPropertyDescriptor(value, name)
        return (
          property !== undefined &&
          'value' in property &&
          valueAccepted(property.value, depth + 1, seen)
        )
      })
  }
  seen.delete(value)
  return ok
}

const keys = fc.oneof(
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('', '__proto__', '__sk:x', 'constructor', 'k'.repeat(DEFAULT_MAX_KEY_LENGTH + 1)),
)
const values = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withBoxedValues: true,
  }),
  fc.constantFrom(-0, Number.NaN, undefined, () => 1, Symbol('s')),
)

describe('session data round trip', () => {
  it('stores and reads back every value the model accepts, and refuses the rest with SessionDataError', async () => {
    const storage = createSessionStorage(mapDriver().driver)
    await fc.assert(
      fc.asyncProperty(keys, values, async (key, value) => {
        const session = await storage.read(null)
        const accepted = keyAccepted(key) && value !== undefined && valueAccepted(value)
        if (!accepted) {
          expect(() => session.set(key, value)).toThrow(SessionDataError)
          expect(session.dirty).toBe(false)
          return
        }
        session.set(key, value)
        const cookie = await storage.save(session)
        const read = await storage.read(cookie)
        expect(read.get(key)).toStrictEqual(JSON.parse(JSON.stringify(value)))
        expect(read.keys()).toEqual([key])
      }),
      propertyParameters(1000),
    )
  })
})

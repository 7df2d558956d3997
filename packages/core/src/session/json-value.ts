import { SessionDataError } from '../errors.js'

/**
 * Deepest nesting of arrays and objects a session value may have: `[]` is 1 deep, `[[]]` 2.
 * Deeper values are refused (and a stored one deeper than this reads as corrupt), so that no
 * value can overflow the stack of the code that encodes, decodes or walks it.
 */
export const MAX_VALUE_DEPTH = 256

/**
 * Encode a session value as JSON, refusing anything JSON cannot give back unchanged:
 * undefined, functions, symbols, BigInt, non-finite numbers and -0, cycles, objects that are
 * not plain (Date, Map, class instances...), properties JSON skips or calls (symbol-keyed,
 * non-enumerable, getters and setters), sparse arrays and arrays with other properties than
 * their items, and values nested deeper than `MAX_VALUE_DEPTH`. Plain objects come back with
 * `Object.prototype` (also those made with a null prototype), and a value referenced twice
 * comes back as two equal copies.
 */
export function encodeJsonValue(key: string, value: unknown): string {
  assertJsonValue(key, value, '', new Set())
  return JSON.stringify(value)
}

/**
 * Decode a stored value, with a typed error naming the key when the record is corrupt or
 * nested deeper than `MAX_VALUE_DEPTH`.
 */
export function decodeJsonValue(key: string, encoded: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(encoded)
  } catch (cause) {
    throw new SessionDataError(`Stored value of session key "${key}" is corrupt`, key, { cause })
  }
  // JSON.parse itself takes any depth; what the app does with the value might not.
  if (encoded.length > 2 * MAX_VALUE_DEPTH && nestingDepth(encoded) > MAX_VALUE_DEPTH) {
    throw new SessionDataError(
      `Stored value of session key "${key}" is nested deeper than ${MAX_VALUE_DEPTH} levels`,
      key,
    )
  }
  return value
}

/** Deepest nesting of `[` and `{` in valid JSON text, strings skipped. */
function nestingDepth(json: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i)
    if (inString) {
      // A backslash escapes the next character: skip it.
      if (code === 0x5c) i++
      else if (code === 0x22) inString = false
    } else if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth)
    else if (code === 0x5d || code === 0x7d) depth--
  }
  return deepest
}

function assertJsonValue(key: string, value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return
    case 'number':
      if (!Number.isFinite(value)) refuse(key, String(value), path)
      if (Object.is(value, -0)) refuse(key, '-0', path)
      return
    case 'object':
      break
    default:
      refuse(key, `a ${typeof value}`, path)
  }
  if (value === null) return
  const object = value as object
  if (ancestors.has(object)) refuse(key, 'a circular reference', path)
  if (ancestors.size === MAX_VALUE_DEPTH) {
    refuse(key, `nesting deeper than ${MAX_VALUE_DEPTH} levels`, path)
  }
  ancestors.add(object)
  const prototype = Object.getPrototypeOf(object)
  const isArray = Array.isArray(object)
  if (isArray ? prototype !== Array.prototype : prototype !== Object.prototype && prototype) {
    refuse(key, `a ${object.constructor?.name ?? 'non-plain'} object`, path)
  }
  if (Object.getOwnPropertySymbols(object).length > 0) {
    refuse(key, 'a symbol-keyed property', path)
  }
  if (isArray) assertArrayItems(key, object as unknown[], path, ancestors)
  else assertObjectProperties(key, object as Record<string, unknown>, path, ancestors)
  ancestors.delete(object)
}

function assertArrayItems(key: string, array: unknown[], path: string, ancestors: Set<object>) {
  // Own string-keyed properties besides `length` are the items, unless it has holes or names.
  const names = Object.getOwnPropertyNames(array)
  if (names.length !== array.length + 1) {
    const named = names.find((name) => name !== 'length' && !isArrayIndex(name, array.length))
    refuse(key, named === undefined ? 'a sparse array' : `an array property "${named}"`, path)
  }
  for (let index = 0; index < array.length; index++) {
    const at = `${path}[${index}]`
    const item = Object.getOwnPropertyDescriptor(array, index)
    if (!item) refuse(key, 'a sparse array', path)
    if (!('value' in item)) refuse(key, 'a getter or setter', at)
    assertJsonValue(key, item.value, at, ancestors)
  }
}

function assertObjectProperties(
  key: string,
  object: Record<string, unknown>,
  path: string,
  ancestors: Set<object>,
) {
  const names = Object.keys(object)
  if (names.length !== Object.getOwnPropertyNames(object).length) {
    refuse(key, 'a non-enumerable property', path)
  }
  for (const name of names) {
    const at = `${path}.${name}`
    const property = Object.getOwnPropertyDescriptor(object, name) as PropertyDescriptor
    if (!('value' in property)) refuse(key, 'a getter or setter', at)
    assertJsonValue(key, property.value, at, ancestors)
  }
}

function refuse(key: string, what: string, path: string): never {
  const where = path === '' ? '' : ` at ${path}`
  throw new SessionDataError(
    `Session key "${key}" holds ${what}${where}, which JSON cannot store unchanged`,
    key,
  )
}

/** Whether `name` is the canonical form of an index below `length` (`'0'`, `'12'`, not `'01'`). */
function isArrayIndex(name: string, length: number): boolean {
  const index = Number(name)
  return Number.isInteger(index) && index >= 0 && index < length && String(index) === name
}

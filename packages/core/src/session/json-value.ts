import { SessionDataError } from '../errors.js'

/**
 * Encode a session value as JSON, refusing anything JSON cannot give back unchanged:
 * undefined, functions, symbols, BigInt, non-finite numbers, cycles, and objects that are not
 * plain (Date, Map, class instances...).
 */
export function encodeJsonValue(key: string, value: unknown): string {
  assertJsonValue(key, value, '', undefined)
  return JSON.stringify(value)
}

/** Decode a stored value, with a typed error naming the key when the record is corrupt. */
export function decodeJsonValue(key: string, encoded: string): unknown {
  try {
    return JSON.parse(encoded)
  } catch (cause) {
    throw new SessionDataError(`Stored value of session key "${key}" is corrupt`, key, { cause })
  }
}

function assertJsonValue(
  key: string,
  value: unknown,
  path: string,
  // The objects being checked around this value, made at the first object (not for a primitive).
  outer: Set<object> | undefined,
): void {
  const refuse = (what: string): never => {
    const where = path === '' ? '' : ` at ${path}`
    throw new SessionDataError(
      `Session key "${key}" holds ${what}${where}, which JSON cannot store`,
      key,
    )
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return
    case 'number':
      if (!Number.isFinite(value)) refuse(String(value))
      return
    case 'object':
      break
    default:
      refuse(`a ${typeof value}`)
  }
  if (value === null) return
  const ancestors = outer ?? new Set<object>()
  const object = value as object
  if (ancestors.has(object)) refuse('a circular reference')
  ancestors.add(object)
  if (Array.isArray(object)) {
    object.forEach((item, index) => {
      assertJsonValue(key, item, `${path}[${index}]`, ancestors)
    })
  } else {
    const prototype = Object.getPrototypeOf(object)
    if (prototype !== Object.prototype && prototype !== null) {
      refuse(`a ${object.constructor?.name ?? 'non-plain'} object`)
    }
    if (Object.getOwnPropertySymbols(object).length > 0) refuse('a symbol-keyed property')
    for (const [name, item] of Object.entries(object)) {
      assertJsonValue(key, item, `${path}.${name}`, ancestors)
    }
  }
  ancestors.delete(object)
}

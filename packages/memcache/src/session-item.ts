import { SessionDataError } from '@sessionkit/core'
import { type FieldTable, FieldTableDraft, type StoredFields } from '@sessionkit/core/driver'

/** Version of the item format this package writes: the item's first character. */
export const ITEM_FORMAT_VERSION = 2

/** The fields of one session item, by name (never changed once decoded: a write makes new ones). */
export type ItemFields = FieldTable

/** The draft every decoded item is written through, one after another. */
const draft = new FieldTableDraft()

const SEMICOLON = 0x3b
const COMMA = 0x2c
const COLON = 0x3a
const ZERO = 0x30
/** Longest number the format holds (lengths, epoch milliseconds): 15 digits stay exact. */
const MAX_DIGITS = 15

/**
 * Serialise a session item: `2`, then for each field `;<name length>,<value length>:` (or
 * `;<name length>,<value length>,<expiresAt>:` when the field has an expiry of its own, epoch
 * milliseconds), the name and the value, verbatim. Lengths count UTF-16 code units (JavaScript
 * string length). Nothing is escaped: a field's value (JSON as core encoded it) is written as
 * is, and read back as a slice of the item.
 */
export function encodeItem(fields: StoredFields): string {
  let item = String(ITEM_FORMAT_VERSION)
  fields.forEach(({ value, expiresAt }, name) => {
    item +=
      expiresAt === undefined
        ? `;${name.length},${value.length}:`
        : `;${name.length},${value.length},${Math.max(0, Math.floor(expiresAt))}:`
    item += name
    item += value
  })
  return item
}

/**
 * Parse an item written by `encodeItem`, or one in the JSON format earlier versions of this
 * package wrote (`{"v":1,"f":{…},"e":{…}}`, still found until such sessions expire); a corrupt
 * or foreign item is a `SessionDataError`.
 */
export function decodeItem(data: Buffer | string, key: string): ItemFields {
  const text = typeof data === 'string' ? data : data.toString('utf8')
  if (text.charCodeAt(0) === ZERO + ITEM_FORMAT_VERSION) return decodeFields(text, key)
  if (text.startsWith('{')) return decodeJsonItem(text, key)
  throw corrupt(key, 'it is not a session item')
}

function decodeFields(text: string, key: string): ItemFields {
  const fields = draft.begin()
  let at = 1
  /** The number whose digits start at `at`; `at` moves past them. */
  const number = (): number => {
    const start = at
    let value = 0
    for (; at < text.length; at++) {
      const digit = text.charCodeAt(at) - ZERO
      if (digit < 0 || digit > 9) break
      value = value * 10 + digit
    }
    if (at === start || at - start > MAX_DIGITS) throw corrupt(key, 'a field header is malformed')
    return value
  }
  const consume = (code: number) => {
    if (text.charCodeAt(at++) !== code) throw corrupt(key, 'a field header is malformed')
  }
  while (at < text.length) {
    consume(SEMICOLON)
    const nameLength = number()
    consume(COMMA)
    const valueLength = number()
    let expiresAt: number | undefined
    if (text.charCodeAt(at) === COMMA) {
      at++
      expiresAt = number()
    }
    consume(COLON)
    const valueStart = at + nameLength
    const end = valueStart + valueLength
    if (nameLength === 0 || end > text.length) throw corrupt(key, 'a field runs past its end')
    fields.set(text.slice(at, valueStart), { value: text.slice(valueStart, end), expiresAt })
    at = end
  }
  return draft.done()
}

/** The format of items written before version 2: compact JSON. */
function decodeJsonItem(text: string, key: string): ItemFields {
  let item: unknown
  try {
    item = JSON.parse(text)
  } catch (cause) {
    throw corrupt(key, 'it is not JSON', cause)
  }
  if (!isRecord(item) || item.v !== 1 || !isRecord(item.f)) {
    throw corrupt(key, 'it is not a version 1 session item')
  }
  const expiries = item.e === undefined ? {} : item.e
  if (!isRecord(expiries)) throw corrupt(key, 'its field expiries are not an object')
  const fields = draft.begin()
  for (const [name, value] of Object.entries(item.f)) {
    if (typeof value !== 'string') throw corrupt(key, `field "${name}" is not a string`)
    const expiresAt = Object.hasOwn(expiries, name) ? expiries[name] : undefined
    if (expiresAt !== undefined && !Number.isFinite(expiresAt)) {
      throw corrupt(key, `field "${name}" has an invalid expiry`)
    }
    fields.set(name, { value, expiresAt: expiresAt as number | undefined })
  }
  return draft.done()
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function corrupt(key: string, why: string, cause?: unknown): SessionDataError {
  return new SessionDataError(
    `memcached item "${key}" is not a readable session: ${why}`,
    undefined,
    cause === undefined ? undefined : { cause },
  )
}

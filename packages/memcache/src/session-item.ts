import { SessionDataError } from '@sessionkit/core'
import type { FieldMap } from '@sessionkit/core/driver'

/** Version tag of the item format, stored as `v`. */
export const ITEM_FORMAT_VERSION = 1

/** The fields of one session item, by name. */
export type ItemFields = FieldMap

interface EncodedItem {
  v: number
  /** Field values (encoded by core), by field name. */
  f: Record<string, string>
  /** Expiry of the fields that have one, epoch milliseconds, by field name; absent when none. */
  e?: Record<string, number>
}

/**
 * Serialise a session item as compact JSON:
 * `{"v":1,"f":{"name":"<value>",…},"e":{"name":<expiresAt ms>,…}}` (`e` only when a field
 * has an expiry of its own).
 */
export function encodeItem(fields: ItemFields): string {
  const item: EncodedItem = { v: ITEM_FORMAT_VERSION, f: {} }
  for (const [name, field] of fields) {
    item.f[name] = field.value
    if (field.expiresAt !== undefined) {
      item.e ??= {}
      item.e[name] = field.expiresAt
    }
  }
  return JSON.stringify(item)
}

/** Parse an item written by `encodeItem`; a corrupt or foreign item is a `SessionDataError`. */
export function decodeItem(data: Buffer | string, key: string): ItemFields {
  let item: unknown
  try {
    item = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'))
  } catch (cause) {
    throw corrupt(key, 'it is not JSON', cause)
  }
  if (!isRecord(item) || item.v !== ITEM_FORMAT_VERSION || !isRecord(item.f)) {
    throw corrupt(key, `it is not a version ${ITEM_FORMAT_VERSION} session item`)
  }
  const expiries = item.e === undefined ? {} : item.e
  if (!isRecord(expiries)) throw corrupt(key, 'its field expiries are not an object')
  const fields: ItemFields = new Map()
  for (const [name, value] of Object.entries(item.f)) {
    if (typeof value !== 'string') throw corrupt(key, `field "${name}" is not a string`)
    const expiresAt = Object.hasOwn(expiries, name) ? expiries[name] : undefined
    if (expiresAt !== undefined && !Number.isFinite(expiresAt)) {
      throw corrupt(key, `field "${name}" has an invalid expiry`)
    }
    fields.set(name, { value, expiresAt: expiresAt as number | undefined })
  }
  return fields
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

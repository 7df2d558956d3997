import { SessionStorageUnavailableError } from '@sessionkit/core'
import { DRIVER_FIELD_PREFIX, type FieldTable, FieldTableDraft } from '@sessionkit/core/driver'
import { EXPIRY_FIELD, FIELD_EXPIRY_PREFIX, VERSION_FIELD } from './layout.js'

/** A session record as read from its hash. */
export interface RecordSnapshot {
  /** Its live fields, driver fields left out, each with its own expiry when it has one. */
  readonly fields: FieldTable
  /** The record's version, undefined for a hash written without one. */
  readonly version: number | undefined
  /** When the record expires (epoch ms); `Date.now()` when the hash does not say, so core refreshes it. */
  readonly expiresAt: number
  /** The earliest field expiry (epoch ms), Infinity when no field has one. */
  readonly nextFieldExpiry: number
}

const UNDERSCORE = 95

/** The draft every record read is written through, one after another. */
const draft = new FieldTableDraft()

/**
 * The record in an HGETALL reply: a flat name / value array, a `Map`, or an object (ioredis
 * and iovalkey turn HGETALL replies into objects); null when the hash does not exist. Fields
 * whose own expiry time is at or before `now` are left out.
 */
export function recordOf(reply: unknown, now: number): RecordSnapshot | null {
  const fields = draft.begin()
  let version: number | undefined
  let expiresAt: number | undefined
  let expiries: [string, number][] | undefined
  let count = 0
  const take = (name: unknown, value: unknown) => {
    if (typeof name !== 'string' || typeof value !== 'string') throw malformed()
    count++
    if (name.charCodeAt(0) !== UNDERSCORE || !name.startsWith(DRIVER_FIELD_PREFIX)) {
      fields.set(name, { value })
    } else if (name === VERSION_FIELD) version = Number(value)
    else if (name === EXPIRY_FIELD) expiresAt = Number(value)
    else if (name.startsWith(FIELD_EXPIRY_PREFIX)) {
      expiries ??= []
      expiries.push([name.slice(FIELD_EXPIRY_PREFIX.length), Number(value)])
    }
  }
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) throw malformed()
    for (let i = 0; i < reply.length; i += 2) take(reply[i], reply[i + 1])
  } else if (reply instanceof Map) {
    for (const [name, value] of reply) take(name, value)
  } else if (typeof reply === 'object' && reply !== null) {
    for (const name of Object.keys(reply)) take(name, (reply as Record<string, unknown>)[name])
  } else if (reply !== null) {
    throw malformed()
  }
  if (count === 0) {
    draft.done()
    return null
  }

  let nextFieldExpiry = Number.POSITIVE_INFINITY
  for (const [name, at] of expiries ?? []) {
    const field = fields.get(name)
    if (!field) continue
    if (at <= now) {
      fields.delete(name)
      continue
    }
    fields.set(name, { value: field.value, expiresAt: at })
    if (at < nextFieldExpiry) nextFieldExpiry = at
  }
  return {
    fields: draft.done(),
    version: Number.isSafeInteger(version) ? version : undefined,
    expiresAt: expiresAt !== undefined && Number.isFinite(expiresAt) ? expiresAt : now,
    nextFieldExpiry,
  }
}

/** The reply of the flash-consuming read: `[HGETALL reply, new version]`, or null. */
export function consumedRecordOf(reply: unknown, now: number): RecordSnapshot | null {
  if (reply === null) return null
  if (!Array.isArray(reply) || reply.length !== 2) throw malformed()
  const record = recordOf(reply[0], now)
  const version = Number(reply[1])
  return record && { ...record, version: Number.isSafeInteger(version) ? version : undefined }
}

/** The reply of a write script: the record's new version, or null when it wrote nothing. */
export function versionOf(reply: unknown): number | null {
  if (reply === null) return null
  if (typeof reply !== 'number' || !Number.isSafeInteger(reply)) throw malformed()
  return reply
}

function malformed(): Error {
  return new SessionStorageUnavailableError(
    'Redis returned an unexpected reply to a session command',
  )
}

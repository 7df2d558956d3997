import { DRIVER_FIELD_PREFIX } from '@sessionkit/core/driver'

/**
 * The driver's own fields inside a session's hash (core ignores `__sk:d:` fields on load).
 * Every write bumps the version, so a client that knows a record at version v knows it
 * exactly while the server still says v.
 */
export const VERSION_FIELD = `${DRIVER_FIELD_PREFIX}v`
/** When the record expires: epoch ms by the server's clock, set with its TTL. */
export const EXPIRY_FIELD = `${DRIVER_FIELD_PREFIX}x`
/**
 * The earliest field expiry time in the record (at most: it may lie before the real earliest),
 * present only while some field has a TTL of its own.
 */
export const NEXT_FIELD_EXPIRY_FIELD = `${DRIVER_FIELD_PREFIX}n`
/** Prefix of a field's expiry time (epoch ms), kept beside every field that has a TTL. */
export const FIELD_EXPIRY_PREFIX = `${DRIVER_FIELD_PREFIX}t:`

/**
 * The hash of the session stored under `storageId`: `prefix + '{' + storageId + '}'`. The
 * storage id is a hash tag, so a cluster places the session by its id alone.
 */
export function recordKey(prefix: string, storageId: string): string {
  return `${prefix}{${storageId}}`
}

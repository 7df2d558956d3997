import { SessionTooLargeError } from '@sessionkit/core'

/** memcached's default item size limit (`-I 1m`), in bytes. */
export const DEFAULT_ITEM_SIZE_LIMIT = 1_048_576

/**
 * Bytes memcached 1.6 needs per item beyond its key and value (item header, CAS, suffix and
 * CRLF: 59 measured on 1.6.18 and 1.6.38), rounded up.
 */
export const ITEM_OVERHEAD = 64

/** Bytes an item of `key` and `value` takes against memcached's item size limit. */
export function itemSize(key: string, value: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(value) + ITEM_OVERHEAD
}

/**
 * Throw `SessionTooLargeError` when an item of `key` and `value` would exceed `limit`. The
 * check runs before the write because memcached, refusing a SET as too large, also deletes
 * the item already stored under the key: the session would be lost, not just left unchanged.
 */
export function assertItemFits(key: string, value: string, limit: number): void {
  const size = itemSize(key, value)
  if (size > limit) throw new SessionTooLargeError(size, limit)
}

/** The error for an item the server refused although it fits `limit` (its own is lower). */
export function refusedAsTooLarge(key: string, value: string, limit: number): SessionTooLargeError {
  return new SessionTooLargeError(itemSize(key, value), limit, {
    cause: new Error(
      'memcached refused the item as too large: its -I limit is below itemSizeLimit',
    ),
  })
}

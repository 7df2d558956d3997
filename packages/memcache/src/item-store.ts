import type { StoredFields } from '@sessionkit/core/driver'
import { assertItemFits, refusedAsTooLarge } from './item-size.js'
import { memcachedExpiration } from './network/expiration.js'
import {
  type CasItem,
  getAndTouch,
  getWithCas,
  type ItemVersion,
  remove,
  store,
  type Transport,
  touch,
} from './network/memjs-ops.js'
import { decodeItem, encodeItem, type ItemFields } from './session-item.js'

/** A session item as read, with what a CAS write back needs. */
export interface ReadItem {
  /** Its fields, decoded. */
  readonly fields: ItemFields
  /** Its version, for CAS writes and deletes. */
  readonly version: ItemVersion
  /** Its value as stored (the fields are slices of it): put back if a write over it is refused. */
  readonly stored: string
}

/** How a `write` stores: `add` (create only) or `set` (with `version`: only over that version). */
export interface WriteOptions {
  readonly mode: 'set' | 'add'
  readonly version?: ItemVersion | undefined
  /** The stored value being replaced: put back if the server refuses the new one as too large. */
  readonly replacing?: string | undefined
}

/** Outcome of a `write`: stored (with its new version), or why not. */
export type WriteResult =
  | { readonly status: 'stored'; readonly version: ItemVersion; readonly stored: string }
  | { readonly status: 'exists' }
  | { readonly status: 'not-found' }

/**
 * Session items (encoded fields) on memcached through `memjs-ops`: TTLs converted to
 * memcached expirations, items checked against the item size limit before they are sent.
 */
export class ItemStore {
  constructor(
    private readonly send: Transport,
    private readonly itemSizeLimit: number,
  ) {}

  /** The item under `key` with its CAS, its expiry restarted at `ttl` seconds (one GAT). */
  async readAndTouch(key: string, ttl: number): Promise<ReadItem | null> {
    return readItem(key, await getAndTouch(this.send, key, memcachedExpiration(ttl)))
  }

  /** Restart the expiry of `key` at `ttl` seconds; false when there is no such item. */
  async touch(key: string, ttl: number): Promise<boolean> {
    return touch(this.send, key, memcachedExpiration(ttl))
  }

  /** The item under `key` with its CAS. */
  async read(key: string): Promise<ReadItem | null> {
    return readItem(key, await getWithCas(this.send, key))
  }

  /**
   * Store `fields` under `key` for `ttl` seconds. Resolves `exists` when an `add` finds the key
   * or a CAS write finds a newer version, `not-found` when a CAS write finds no item. Rejects
   * with `SessionTooLargeError` for an item over the size limit, before sending it; if the
   * server still refuses it (its limit is lower), the item it deleted for that is put back.
   * A CAS write rejects with `ServerChangedError` when the key has moved to another server.
   */
  async write(
    key: string,
    fields: StoredFields,
    ttl: number,
    options: WriteOptions,
  ): Promise<WriteResult> {
    const value = encodeItem(fields)
    assertItemFits(key, value, this.itemSizeLimit)
    const expiration = memcachedExpiration(ttl)
    const result = await store(this.send, options.mode, key, value, expiration, options.version)
    if (result.status === 'stored') return { ...result, stored: value }
    if (result.status !== 'too-large') return result
    if (options.replacing !== undefined && options.mode === 'set') {
      await store(this.send, 'add', key, options.replacing, expiration).catch(() => undefined)
    }
    throw refusedAsTooLarge(key, value, this.itemSizeLimit)
  }

  /** Delete `key` (with `version`: only that version); `exists` when it changed meanwhile. */
  async delete(key: string, version?: ItemVersion): Promise<'deleted' | 'exists' | 'not-found'> {
    return remove(this.send, key, version)
  }
}

function readItem(key: string, item: CasItem | null): ReadItem | null {
  if (!item) return null
  const stored = item.value.toString('utf8')
  return { fields: decodeItem(stored, key), version: item.version, stored }
}

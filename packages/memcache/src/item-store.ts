import { assertItemFits, refusedAsTooLarge } from './item-size.js'
import { memcachedExpiration } from './network/expiration.js'
import {
  getAndTouch,
  getWithCas,
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
  readonly cas: Buffer
  /** The stored bytes, to put back if a write of the key is refused. */
  readonly raw: Buffer
}

/** How a `write` stores: `add` (create only) or `set` (with `cas`: only over that version). */
export interface WriteOptions {
  readonly mode: 'set' | 'add'
  readonly cas?: Buffer | undefined
  /** The item being replaced: restored if the server refuses the new one as too large. */
  readonly replacing?: ReadItem | undefined
}

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
    const item = await getAndTouch(this.send, key, memcachedExpiration(ttl))
    return item && { fields: decodeItem(item.value, key), cas: item.cas, raw: item.value }
  }

  /** Restart the expiry of `key` at `ttl` seconds; false when there is no such item. */
  async touch(key: string, ttl: number): Promise<boolean> {
    return touch(this.send, key, memcachedExpiration(ttl))
  }

  /** The item under `key` with its CAS. */
  async read(key: string): Promise<ReadItem | null> {
    const item = await getWithCas(this.send, key)
    return item && { fields: decodeItem(item.value, key), cas: item.cas, raw: item.value }
  }

  /**
   * Store `fields` under `key` for `ttl` seconds. Resolves `exists` when an `add` finds the key
   * or a CAS write finds a newer version, `not-found` when a CAS write finds no item. Rejects
   * with `SessionTooLargeError` for an item over the size limit, before sending it; if the
   * server still refuses it (its limit is lower), the item it deleted for that is put back.
   */
  async write(
    key: string,
    fields: ItemFields,
    ttl: number,
    options: WriteOptions,
  ): Promise<'stored' | 'exists' | 'not-found'> {
    const value = encodeItem(fields)
    assertItemFits(key, value, this.itemSizeLimit)
    const expiration = memcachedExpiration(ttl)
    const result = await store(this.send, options.mode, key, value, expiration, options.cas)
    if (result !== 'too-large') return result
    if (options.replacing && options.mode === 'set') {
      const previous = options.replacing.raw.toString('utf8')
      await store(this.send, 'add', key, previous, expiration).catch(() => undefined)
    }
    throw refusedAsTooLarge(key, value, this.itemSizeLimit)
  }

  /** Delete `key` (with `cas`: only that version); `exists` when it changed meanwhile. */
  async delete(key: string, cas?: Buffer): Promise<'deleted' | 'exists' | 'not-found'> {
    return remove(this.send, key, cas)
  }
}

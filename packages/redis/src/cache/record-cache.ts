import type { FieldTable } from '@sessionkit/core/driver'

/** A record as the driver last knew it, at one version. Never changed once made. */
export interface CachedRecord {
  /** The version the server gave this state. */
  readonly version: number
  /** Its fields (driver fields left out); the same table is handed to every load that hits it. */
  readonly fields: FieldTable
  /** The earliest field expiry (epoch ms), Infinity when none. */
  readonly nextFieldExpiry: number
  /** Approximate memory it holds, in bytes. */
  readonly size: number
}

/** Bytes counted per entry and per field besides the text (map slots, objects, the key). */
const ENTRY_OVERHEAD = 200
const FIELD_OVERHEAD = 64

/** A `CachedRecord` of `fields` at `version`. */
export function cachedRecord(version: number, fields: FieldTable): CachedRecord {
  let nextFieldExpiry = Number.POSITIVE_INFINITY
  let size = ENTRY_OVERHEAD
  fields.forEach((field, name) => {
    // Two bytes a character: V8's strings are at most that.
    size += FIELD_OVERHEAD + 2 * (name.length + field.value.length)
    if (field.expiresAt !== undefined && field.expiresAt < nextFieldExpiry) {
      nextFieldExpiry = field.expiresAt
    }
  })
  return { version, fields, nextFieldExpiry, size }
}

/** A cached record and whether it was used since the eviction scan last passed it. */
interface Slot {
  record: CachedRecord
  used: boolean
}

/**
 * The records a storage knows, by key, bounded by entry count and by approximate bytes. It
 * evicts the least recently used records, approximately (the CLOCK scheme: a hit only marks its
 * record; eviction gives marked records a second chance), so that a hit costs one map lookup.
 * It never answers a read by itself: the driver checks the version with the server first.
 */
export class RecordCache {
  readonly #slots = new Map<string, Slot>()
  #bytes = 0

  /** Keep at most `maxEntries` records and about `maxBytes` bytes. */
  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /** The record under `key`, marked as used. */
  get(key: string): CachedRecord | undefined {
    const slot = this.#slots.get(key)
    if (!slot) return undefined
    slot.used = true
    return slot.record
  }

  /** The record under `key`, without marking it used. */
  peek(key: string): CachedRecord | undefined {
    return this.#slots.get(key)?.record
  }

  /** Keep `record` under `key` (a record larger than `maxBytes` is not kept), evicting as needed. */
  set(key: string, record: CachedRecord): void {
    const slot = this.#slots.get(key)
    if (slot && record.size <= this.maxBytes) {
      this.#bytes += record.size - slot.record.size
      slot.record = record
      slot.used = true
    } else {
      this.delete(key)
      if (record.size > this.maxBytes) return
      this.#slots.set(key, { record, used: false })
      this.#bytes += record.size
    }
    this.#evict()
  }

  /** Forget the record under `key`. */
  delete(key: string): void {
    const slot = this.#slots.get(key)
    if (!slot) return
    this.#slots.delete(key)
    this.#bytes -= slot.record.size
  }

  /** How many records are kept. */
  get size(): number {
    return this.#slots.size
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.#bytes
  }

  #evict(): void {
    while (this.#slots.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const [key, slot] = this.#slots.entries().next().value as [string, Slot]
      this.#slots.delete(key)
      if (slot.used) {
        // A second chance: to the back of the queue, unmarked.
        slot.used = false
        this.#slots.set(key, slot)
      } else {
        this.#bytes -= slot.record.size
      }
    }
  }
}

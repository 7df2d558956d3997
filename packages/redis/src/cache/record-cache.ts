import { isFlashField, type StoredFields } from '@sessionkit/core/driver'

/** A record as the driver last knew it, at one version. Never changed once made. */
export interface CachedRecord {
  /** The version the server gave this state. */
  readonly version: number
  /** Its fields (driver fields left out); the same map is handed to every load that hits it. */
  readonly fields: StoredFields
  /** Whether some field is a flash field (then a load must consume it on the server). */
  readonly hasFlash: boolean
  /** The earliest field expiry (epoch ms), Infinity when none. */
  readonly nextFieldExpiry: number
  /** Approximate memory it holds, in bytes. */
  readonly size: number
}

/** Bytes counted per entry and per field besides the text (map slots, objects, the key). */
const ENTRY_OVERHEAD = 200
const FIELD_OVERHEAD = 64

/** A `CachedRecord` of `fields` at `version`. */
export function cachedRecord(version: number, fields: StoredFields): CachedRecord {
  let hasFlash = false
  let nextFieldExpiry = Number.POSITIVE_INFINITY
  let size = ENTRY_OVERHEAD
  for (const [name, field] of fields) {
    // Two bytes a character: V8's strings are at most that.
    size += FIELD_OVERHEAD + 2 * (name.length + field.value.length)
    if (field.expiresAt !== undefined && field.expiresAt < nextFieldExpiry) {
      nextFieldExpiry = field.expiresAt
    }
    if (!hasFlash && isFlashField(name)) hasFlash = true
  }
  return { version, fields, hasFlash, nextFieldExpiry, size }
}

/**
 * The records a storage knows, by key: a least-recently-used map bounded by entry count and by
 * approximate bytes. It never answers a read by itself: the driver checks the version with
 * the server first.
 */
export class RecordCache {
  readonly #entries = new Map<string, CachedRecord>()
  #bytes = 0

  /** Keep at most `maxEntries` records and about `maxBytes` bytes. */
  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /** The record under `key`, marked as used most recently. */
  get(key: string): CachedRecord | undefined {
    const entry = this.#entries.get(key)
    if (entry) {
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }

  /** The record under `key`, without marking it used. */
  peek(key: string): CachedRecord | undefined {
    return this.#entries.get(key)
  }

  /** Keep `record` under `key` (a record larger than `maxBytes` is not kept), evicting the least recently used. */
  set(key: string, record: CachedRecord): void {
    this.delete(key)
    if (record.size > this.maxBytes) return
    this.#entries.set(key, record)
    this.#bytes += record.size
    while (this.#entries.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value as string
      this.delete(oldest)
    }
  }

  /** Forget the record under `key`. */
  delete(key: string): void {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#entries.delete(key)
    this.#bytes -= entry.size
  }

  /** How many records are kept. */
  get size(): number {
    return this.#entries.size
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.#bytes
  }
}

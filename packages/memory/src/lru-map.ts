interface Entry<V> {
  readonly key: string
  value: V
  bytes: number
  /** The next entry towards the least recently used end. */
  older: Entry<V> | undefined
  /** The next entry towards the most recently used end. */
  newer: Entry<V> | undefined
}

/**
 * A map that forgets its least recently used entries once it holds more than `maxEntries`
 * entries or `maxBytes` bytes, as measured by the caller. Recency is a doubly linked list
 * beside the lookup map: marking an entry used moves no map entry and allocates nothing.
 */
export class LruMap<V> {
  private readonly entries = new Map<string, Entry<V>>()
  private oldest: Entry<V> | undefined
  private newest: Entry<V> | undefined
  private totalBytes = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    /** Called with every entry that leaves the map (deleted, evicted, or replaced by `set`). */
    private readonly onRemove?: (key: string, value: V) => void,
  ) {}

  /** Number of entries held. */
  get size(): number {
    return this.entries.size
  }

  /** Bytes held, as measured by the callers of `set`. */
  get bytes(): number {
    return this.totalBytes
  }

  /** The value under `key`, marking it most recently used. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    this.markUsed(entry)
    return entry.value
  }

  /** The value under `key`, without touching its recency. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value
  }

  /** Whether `key` is present, without touching its recency. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Store `value` of `bytes` bytes under `key` as most recently used, then evict to fit. */
  set(key: string, value: V, bytes: number): void {
    const entry = this.entries.get(key)
    if (entry === undefined) {
      const added: Entry<V> = { key, value, bytes, older: this.newest, newer: undefined }
      if (this.newest) this.newest.newer = added
      else this.oldest = added
      this.newest = added
      this.entries.set(key, added)
    } else {
      this.totalBytes -= entry.bytes
      if (entry.value !== value) this.onRemove?.(key, entry.value)
      entry.value = value
      entry.bytes = bytes
      this.markUsed(entry)
    }
    this.totalBytes += bytes
    this.evictToFit()
  }

  /** Count `key` as `bytes` bytes from now on, without touching its recency; evict to fit. */
  resize(key: string, bytes: number): void {
    const entry = this.entries.get(key)
    if (entry === undefined) return
    this.totalBytes += bytes - entry.bytes
    entry.bytes = bytes
    this.evictToFit()
  }

  /** Remove `key`. */
  delete(key: string): void {
    const entry = this.entries.get(key)
    if (entry !== undefined) this.remove(entry)
  }

  /** Every entry, least recently used first, without touching recency. */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (let entry = this.oldest; entry !== undefined; ) {
      // Read the link first: the caller may delete the entry it was given (and only that one).
      const newer: Entry<V> | undefined = entry.newer
      yield [entry.key, entry.value]
      entry = newer
    }
  }

  private evictToFit(): void {
    while (
      this.oldest !== undefined &&
      (this.entries.size > this.maxEntries || this.totalBytes > this.maxBytes)
    ) {
      this.remove(this.oldest)
    }
  }

  private markUsed(entry: Entry<V>): void {
    if (entry === this.newest) return
    this.unlink(entry)
    entry.older = this.newest
    entry.newer = undefined
    if (this.newest) this.newest.newer = entry
    else this.oldest = entry
    this.newest = entry
  }

  private remove(entry: Entry<V>): void {
    this.entries.delete(entry.key)
    this.unlink(entry)
    this.totalBytes -= entry.bytes
    this.onRemove?.(entry.key, entry.value)
  }

  private unlink(entry: Entry<V>): void {
    if (entry.older) entry.older.newer = entry.newer
    else this.oldest = entry.newer
    if (entry.newer) entry.newer.older = entry.older
    else this.newest = entry.older
  }
}

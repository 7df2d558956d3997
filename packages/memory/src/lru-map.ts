/**
 * A map that forgets its least recently used entries once it holds more than `maxEntries`
 * entries or `maxBytes` bytes, as measured by the caller.
 */
export class LruMap<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>()
  private totalBytes = 0

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
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
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Whether `key` is present, without touching its recency. */
  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Store `value` of `bytes` bytes under `key` as most recently used, then evict to fit. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key)
    this.entries.set(key, { value, bytes })
    this.totalBytes += bytes
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.totalBytes <= this.maxBytes) break
      this.delete(oldest)
    }
  }

  /** Remove `key`. */
  delete(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.totalBytes -= entry.bytes
  }

  /** Every entry, least recently used first, without touching recency. */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value]
  }
}

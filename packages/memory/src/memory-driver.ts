import {
  applyPatch,
  type FieldWrite,
  parseOptions,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
  writeFields,
} from '@sessionkit/core/driver'
import type { FieldTable } from './field-table.js'
import { LruMap } from './lru-map.js'
import { draft, liveFields, MemoryRecord, recordBaseBytes } from './memory-record.js'
import {
  type CheckedMemoryOptions,
  MEMORY_DEFAULTS,
  type MemoryOptions,
  memoryOptionsSchema,
} from './options.js'

/**
 * A `SessionDriver` holding sessions in this process, bounded by count and bytes. Throws one
 * `SessionConfigError` listing every invalid option.
 */
export function createMemoryDriver(options: MemoryOptions = {}): SessionDriver {
  return memoryDriver(parseOptions(memoryOptionsSchema, options))
}

/** The memory driver for options `memoryOptionsSchema` has checked. */
export function memoryDriver(options: CheckedMemoryOptions): SessionDriver {
  // The map is this driver's own, so it is keyed by id (the prefix takes no memory per session).
  const records = new LruMap<MemoryRecord>(
    options.max ?? MEMORY_DEFAULTS.max,
    options.maxBytes ?? MEMORY_DEFAULTS.maxBytes,
  )

  /** The record `id` unless it expired, marked most recently used. */
  const live = (id: string, now: number): MemoryRecord | undefined => {
    const record = records.get(id)
    if (record !== undefined && record.expiresAt <= now) {
      records.delete(id)
      return undefined
    }
    return record
  }

  /** Store `fields` as the new record `id`. */
  const put = (id: string, fields: FieldTable, expiresAt: number) => {
    const record = new MemoryRecord(recordBaseBytes(id), expiresAt)
    record.refill(fields)
    records.set(id, record, record.bytes)
  }

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [id, record] of records) {
      if (record.expiresAt <= now) records.delete(id)
      else if (record.mayHaveExpired(now)) {
        record.pruneExpired(now)
        records.resize(id, record.bytes)
      }
    }
  }, options.checkPeriod ?? MEMORY_DEFAULTS.checkPeriod)
  sweep.unref()

  return {
    capabilities: { fieldTtl: 'native' },

    load(id: string): StoredRecord | null {
      const now = Date.now()
      const record = live(id, now)
      if (record === undefined) return null
      // What the record counted before the flashes it returns were taken out: a bound of them.
      const size = record.bytes
      const fields = record.consume(now)
      if (record.bytes !== size) records.resize(id, record.bytes)
      return { fields, expiresAt: record.expiresAt, size }
    },

    create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      const now = Date.now()
      if (live(id, now) !== undefined) return false
      writeFields(draft.begin(), fields, now)
      put(id, draft.done(), now + ttl * 1000)
      return true
    },

    update(id: string, patch: SessionPatch, ttl: number) {
      const now = Date.now()
      const record = live(id, now)
      if (record === undefined) return false
      record.patch(patch, now)
      record.expiresAt = now + ttl * 1000
      records.resize(id, record.bytes)
      return true
    },

    touch(id: string, ttl: number) {
      const now = Date.now()
      const record = live(id, now)
      if (record === undefined) return false
      record.expiresAt = now + ttl * 1000
      return true
    },

    move(fromId, toId, patch, ttl, { deleteOld }) {
      const now = Date.now()
      const source = live(fromId, now)
      if (source === undefined || live(toId, now) !== undefined) return false
      applyPatch(draft.begin(liveFields(source.fields, now, true)), patch, now)
      put(toId, draft.done(), now + ttl * 1000)
      if (deleteOld) records.delete(fromId)
      return true
    },

    destroy(id: string) {
      records.delete(id)
    },

    async *scan() {
      // A snapshot of the ids: the caller may destroy records while it goes through them.
      const now = Date.now()
      const ids: string[] = []
      for (const [id, record] of records) if (record.expiresAt > now) ids.push(id)
      yield* ids
    },

    async close() {
      clearInterval(sweep)
    },
  }
}

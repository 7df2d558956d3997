import {
  DEFAULT_KEY_PREFIX,
  dropExpiredFields,
  type FieldMap,
  type FieldWrite,
  isFlashField,
  parseOptions,
  patchFields,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
  writeFields,
} from '@sessionkit/core/driver'
import { LruMap } from './lru-map.js'
import { type MemoryRecord, measure } from './memory-record.js'
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
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX
  const records = new LruMap<MemoryRecord>(
    options.max ?? MEMORY_DEFAULTS.max,
    options.maxBytes ?? MEMORY_DEFAULTS.maxBytes,
  )

  const live = (key: string, now: number): MemoryRecord | undefined => {
    const record = records.get(key)
    if (record && record.expiresAt <= now) {
      records.delete(key)
      return undefined
    }
    return record
  }

  /** Put `fields` (a map no one else holds) under `key`, expiring `ttl` seconds from `now`. */
  const store = (key: string, fields: FieldMap, ttl: number, now: number) => {
    dropExpiredFields(fields, now)
    const bytes = measure(key, fields)
    records.set(key, { fields, expiresAt: now + ttl * 1000, bytes }, bytes)
  }

  /** A copy of `fields` without expired fields and without flash fields. */
  const withoutFlashes = (fields: FieldMap, now: number): FieldMap => {
    const kept: FieldMap = new Map()
    for (const [name, field] of fields) {
      if (!isFlashField(name) && (field.expiresAt === undefined || field.expiresAt > now)) {
        kept.set(name, field)
      }
    }
    return kept
  }

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [key, record] of records) {
      if (record.expiresAt <= now) records.delete(key)
      else if (hasExpired(record.fields, now)) {
        record.fields = withoutExpired(record.fields, now)
        record.bytes = measure(key, record.fields)
      }
    }
  }, options.checkPeriod ?? MEMORY_DEFAULTS.checkPeriod)
  sweep.unref()

  return {
    capabilities: { fieldTtl: 'native' },

    async load(id: string): Promise<StoredRecord | null> {
      const now = Date.now()
      const key = prefix + id
      const record = live(key, now)
      if (!record) return null
      const fields = record.fields
      if (!hasFlash(fields) && !hasExpired(fields, now)) {
        return { fields, expiresAt: record.expiresAt }
      }
      record.fields = withoutFlashes(fields, now)
      record.bytes = measure(key, record.fields)
      // The flashes go to this load only; expired fields to none.
      return { fields: withoutExpired(fields, now), expiresAt: record.expiresAt }
    },

    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      const now = Date.now()
      const key = prefix + id
      if (live(key, now)) return false
      const stored: FieldMap = new Map()
      writeFields(stored, fields, now)
      store(key, stored, ttl, now)
      return true
    },

    async update(id: string, patch: SessionPatch, ttl: number) {
      const now = Date.now()
      const key = prefix + id
      const record = live(key, now)
      if (!record) return false
      const fields = new Map(record.fields)
      patchFields(fields, patch, now)
      store(key, fields, ttl, now)
      return true
    },

    async touch(id: string, ttl: number) {
      const now = Date.now()
      const record = live(prefix + id, now)
      if (!record) return false
      record.expiresAt = now + ttl * 1000
      return true
    },

    async move(fromId, toId, patch, ttl, { deleteOld }) {
      const now = Date.now()
      const source = live(prefix + fromId, now)
      if (!source || live(prefix + toId, now)) return false
      const fields = new Map(source.fields)
      patchFields(fields, patch, now)
      store(prefix + toId, fields, ttl, now)
      if (deleteOld) records.delete(prefix + fromId)
      return true
    },

    async destroy(id: string) {
      records.delete(prefix + id)
    },

    async close() {
      clearInterval(sweep)
    },
  }
}

function hasFlash(fields: FieldMap): boolean {
  for (const name of fields.keys()) if (isFlashField(name)) return true
  return false
}

function hasExpired(fields: FieldMap, now: number): boolean {
  for (const field of fields.values()) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) return true
  }
  return false
}

function withoutExpired(fields: FieldMap, now: number): FieldMap {
  const kept: FieldMap = new Map(fields)
  dropExpiredFields(kept, now)
  return kept
}

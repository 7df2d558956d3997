import {
  DEFAULT_KEY_PREFIX,
  dropExpiredFields,
  type FieldWrite,
  isFlashField,
  parseOptions,
  patchFields,
  type SessionDriver,
  type SessionPatch,
  type StoredFields,
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

  const store = (key: string, record: MemoryRecord, ttl: number, now: number) => {
    dropExpiredFields(record.fields, now)
    record.expiresAt = now + ttl * 1000
    record.bytes = measure(key, record)
    records.set(key, record, record.bytes)
  }

  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [key, record] of records) {
      if (record.expiresAt <= now) records.delete(key)
      else dropExpiredFields(record.fields, now)
    }
  }, options.checkPeriod ?? MEMORY_DEFAULTS.checkPeriod)
  sweep.unref()

  return {
    capabilities: { fieldTtl: 'native' },

    async load(id: string, ttl: number): Promise<StoredFields | null> {
      const now = Date.now()
      const key = prefix + id
      const record = live(key, now)
      if (!record) return null
      dropExpiredFields(record.fields, now)
      const fields: StoredFields = Object.fromEntries(record.fields)
      for (const name of record.fields.keys()) if (isFlashField(name)) record.fields.delete(name)
      store(key, record, ttl, now)
      return fields
    },

    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      const now = Date.now()
      const key = prefix + id
      if (live(key, now)) return false
      const record: MemoryRecord = { fields: new Map(), expiresAt: 0, bytes: 0 }
      writeFields(record.fields, fields, now)
      store(key, record, ttl, now)
      return true
    },

    async update(id: string, patch: SessionPatch, ttl: number) {
      const now = Date.now()
      const key = prefix + id
      const record = live(key, now)
      if (!record) return false
      patchFields(record.fields, patch, now)
      store(key, record, ttl, now)
      return true
    },

    async move(fromId, toId, patch, ttl, { deleteOld }) {
      const now = Date.now()
      const source = live(prefix + fromId, now)
      if (!source || live(prefix + toId, now)) return false
      const record: MemoryRecord = { fields: new Map(source.fields), expiresAt: 0, bytes: 0 }
      patchFields(record.fields, patch, now)
      store(prefix + toId, record, ttl, now)
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

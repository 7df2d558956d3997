import {
  type FieldWrite,
  isFlashField,
  type SessionDriver,
  type SessionPatch,
  type StoredField,
  type StoredRecord,
} from '@sessionkit/core/driver'

/** One record held by the reference server. */
export interface ReferenceRecord {
  fields: Map<string, StoredField>
  expiresAt: number
}

/** A pretend server: one map of records, shared by every driver pointed at it. */
export type ReferenceServer = Map<string, ReferenceRecord>

/** A new, empty pretend server. */
export function createReferenceServer(): ReferenceServer {
  return new Map()
}

/**
 * A small, correct `SessionDriver` over a shared in-process map, used to check that correct
 * storages pass every case; the broken drivers wrap it. Its `load` never refreshes the TTL, so
 * core's `touch` does. Each call is atomic (no await inside). `withoutMove` gives it without
 * `move`, so that core's fallback (create then destroy) is checked too.
 */
export function createReferenceDriver(server: ReferenceServer, prefix: string): SessionDriver {
  const live = (id: string, now: number) => {
    const record = server.get(prefix + id)
    if (record && record.expiresAt <= now) server.delete(prefix + id)
    else if (record) {
      for (const [name, field] of record.fields) {
        if (field.expiresAt !== undefined && field.expiresAt <= now) record.fields.delete(name)
      }
      return record
    }
    return undefined
  }
  const write = (record: ReferenceRecord, fields: Readonly<Record<string, FieldWrite>>) => {
    const now = Date.now()
    for (const [name, { value, ttl }] of Object.entries(fields)) {
      record.fields.set(name, {
        value,
        expiresAt: ttl === undefined ? undefined : now + ttl * 1000,
      })
    }
  }
  return {
    capabilities: { fieldTtl: 'native' },
    async load(id: string): Promise<StoredRecord | null> {
      const record = live(id, Date.now())
      if (!record) return null
      const fields = new Map(record.fields)
      for (const name of record.fields.keys()) if (isFlashField(name)) record.fields.delete(name)
      return { fields, expiresAt: record.expiresAt }
    },
    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      const now = Date.now()
      if (live(id, now)) return false
      const record: ReferenceRecord = { fields: new Map(), expiresAt: now + ttl * 1000 }
      write(record, fields)
      server.set(prefix + id, record)
      return true
    },
    async update(id: string, patch: SessionPatch, ttl: number) {
      const now = Date.now()
      const record = live(id, now)
      if (!record) return false
      for (const name of patch.unset) record.fields.delete(name)
      write(record, patch.set)
      record.expiresAt = now + ttl * 1000
      return true
    },
    async touch(id: string, ttl: number) {
      const now = Date.now()
      const record = live(id, now)
      if (!record) return false
      record.expiresAt = now + ttl * 1000
      return true
    },
    async destroy(id: string) {
      server.delete(prefix + id)
    },
    async close() {},
    async move(fromId, toId, patch, ttl, { deleteOld }) {
      const now = Date.now()
      const source = live(fromId, now)
      if (!source || live(toId, now)) return false
      const record: ReferenceRecord = {
        fields: new Map(source.fields),
        expiresAt: now + ttl * 1000,
      }
      for (const name of patch.unset) record.fields.delete(name)
      write(record, patch.set)
      server.set(prefix + toId, record)
      if (deleteOld) server.delete(prefix + fromId)
      return true
    },
  }
}

/** `driver` without its `move`: core then regenerates ids by create then destroy. */
export function withoutMove(driver: SessionDriver): SessionDriver {
  const { move: _, ...rest } = driver
  return rest
}

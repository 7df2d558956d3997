import {
  type FieldWrite,
  isFlashField,
  type OwnedRecord,
  type SessionDriver,
  type SessionPatch,
  type StoredField,
  type StoredRecord,
} from '@sessionkit/core/driver'

/** One record held by the reference server. */
export interface ReferenceRecord {
  fields: Map<string, StoredField>
  expiresAt: number
  /** The owner core passed when it was written, if any. */
  owner?: string | undefined
}

/** The owner index of each reference server: prefixed owner to the ids of its records. */
const ownerIndexes = new WeakMap<ReferenceServer, Map<string, Set<string>>>()

/** The ids indexed for `owner` under `prefix` on `server` (a set the caller may change). */
export function ownerIndexOf(server: ReferenceServer, prefix: string, owner: string): Set<string> {
  const indexes = ownerIndexes.get(server) ?? new Map<string, Set<string>>()
  ownerIndexes.set(server, indexes)
  const ids = indexes.get(prefix + owner) ?? new Set<string>()
  indexes.set(prefix + owner, ids)
  return ids
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
  const index = (owner: string) => ownerIndexOf(server, prefix, owner)
  /** Tie a live record to `owner` (once), pruning the owner's index of records gone. */
  const own = (id: string, record: ReferenceRecord, owner: string | undefined) => {
    if (owner === undefined || record.owner !== undefined) return
    record.owner = owner
    const ids = index(owner)
    for (const known of ids) if (!live(known, Date.now())) ids.delete(known)
    ids.add(id)
  }
  const remove = (id: string) => {
    const record = server.get(prefix + id)
    if (record?.owner !== undefined) index(record.owner).delete(id)
    server.delete(prefix + id)
  }
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
    capabilities: { fieldTtl: 'native', owners: 'list' },
    async load(id: string): Promise<StoredRecord | null> {
      const record = live(id, Date.now())
      if (!record) return null
      const fields = new Map(record.fields)
      for (const name of record.fields.keys()) if (isFlashField(name)) record.fields.delete(name)
      return { fields, expiresAt: record.expiresAt }
    },
    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number, owner) {
      const now = Date.now()
      if (live(id, now)) return false
      const record: ReferenceRecord = { fields: new Map(), expiresAt: now + ttl * 1000 }
      write(record, fields)
      server.set(prefix + id, record)
      own(id, record, owner)
      return true
    },
    async update(id: string, patch: SessionPatch, ttl: number, owner) {
      const now = Date.now()
      const record = live(id, now)
      if (!record) return false
      for (const name of patch.unset) record.fields.delete(name)
      write(record, patch.set)
      record.expiresAt = now + ttl * 1000
      own(id, record, owner)
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
      remove(id)
    },
    async close() {},
    async move(fromId, toId, patch, ttl, { deleteOld, owner }) {
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
      own(toId, record, source.owner ?? owner)
      if (deleteOld) remove(fromId)
      return true
    },
    async listOwnerSessions(owner: string): Promise<OwnedRecord[]> {
      const now = Date.now()
      const ids = index(owner)
      const list: OwnedRecord[] = []
      for (const id of ids) {
        const record = live(id, now)
        if (!record) ids.delete(id)
        else list.push({ id, fields: new Map(record.fields), expiresAt: record.expiresAt })
      }
      return list
    },
    async revokeOwnerSession(owner: string, id: string) {
      const record = live(id, Date.now())
      if (!record || record.owner !== owner) return false
      remove(id)
      return true
    },
    async revokeOwnerSessions(owner: string, exceptId?: string) {
      let revoked = 0
      for (const id of [...index(owner)]) {
        if (id === exceptId) continue
        if (live(id, Date.now())) revoked++
        remove(id)
      }
      return revoked
    },
    async ownerIndexSize(owner: string) {
      return index(owner).size
    },
  }
}

/** `driver` without its `move`: core then regenerates ids by create then destroy. */
export function withoutMove(driver: SessionDriver): SessionDriver {
  const { move: _, ...rest } = driver
  return rest
}

// Stryker disable all: a helper of the broken-target self-tests, which the kit's suites never run.
/** `driver` without owner support: it reports owners 'none' and has no owner operations. */
export function withoutOwners(driver: SessionDriver): SessionDriver {
  const { listOwnerSessions, revokeOwnerSession, revokeOwnerSessions, ownerIndexSize, ...rest } =
    driver
  return { ...rest, capabilities: { fieldTtl: driver.capabilities.fieldTtl, owners: 'none' } }
}
// Stryker restore all

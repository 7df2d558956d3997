import {
  applyPatch,
  type FieldTable,
  type FieldWrite,
  liveFields,
  type OwnedRecord,
  parseOptions,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
  tableOf,
} from '@sessionkit/core/driver'
import { LruMap } from './lru-map.js'
import { draft, MemoryRecord, recordBaseBytes } from './memory-record.js'
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
  // The ids of each owner's records: a record leaves its owner's set whenever it leaves the
  // map (destroyed, expired, evicted, moved), so the index never outgrows the records.
  const owners = new Map<string, Set<string>>()
  const records = new LruMap<MemoryRecord>(
    options.max ?? MEMORY_DEFAULTS.max,
    options.maxBytes ?? MEMORY_DEFAULTS.maxBytes,
    (id, record) => {
      if (record.owner === undefined) return
      const ids = owners.get(record.owner)
      ids?.delete(id)
      if (ids?.size === 0) owners.delete(record.owner)
    },
  )

  /** Tie the record `id` to `owner` (once: an owner never changes), pruning the owner's set. */
  const own = (id: string, record: MemoryRecord, owner: string | undefined) => {
    if (owner === undefined || record.owner !== undefined) return
    record.owner = owner
    const known = owners.get(owner)
    // Pruning may empty the set, which then leaves the map.
    if (known !== undefined) prune(known, Date.now())
    const ids = owners.get(owner) ?? new Set<string>()
    owners.set(owner, ids.add(id))
  }

  /** Remove the expired records among `ids` (and so their ids from the set). */
  const prune = (ids: Set<string>, now: number) => {
    for (const id of ids) {
      if ((records.peek(id)?.expiresAt ?? 0) <= now) records.delete(id)
    }
  }

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
  const put = (id: string, fields: FieldTable, expiresAt: number, owner: string | undefined) => {
    const record = new MemoryRecord(recordBaseBytes(id), expiresAt)
    record.refill(fields)
    records.set(id, record, record.bytes)
    // Indexed only if it was not evicted at once (larger than the whole map).
    if (records.has(id)) own(id, record, owner)
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
    name: 'memory',
    capabilities: { fieldTtl: 'native', owners: 'list' },

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

    create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number, owner) {
      const now = Date.now()
      if (live(id, now) !== undefined) return false
      put(id, tableOf(fields, now), now + ttl * 1000, owner)
      return true
    },

    update(id: string, patch: SessionPatch, ttl: number, owner) {
      const now = Date.now()
      const record = live(id, now)
      if (record === undefined) return false
      record.patch(patch, now)
      record.expiresAt = now + ttl * 1000
      own(id, record, owner)
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

    move(fromId, toId, patch, ttl, { deleteOld, owner }) {
      const now = Date.now()
      const source = live(fromId, now)
      if (source === undefined || live(toId, now) !== undefined) return false
      applyPatch(draft.begin(liveFields(source.fields, now, true)), patch, now)
      put(toId, draft.done(), now + ttl * 1000, source.owner ?? owner)
      if (deleteOld) records.delete(fromId)
      return true
    },

    destroy(id: string) {
      records.delete(id)
    },

    listOwnerSessions(owner: string): OwnedRecord[] {
      const now = Date.now()
      const list: OwnedRecord[] = []
      // `live` removes an expired record, and with it its id from the set being walked.
      for (const id of owners.get(owner) ?? []) {
        const record = live(id, now)
        if (record === undefined) continue
        list.push({
          id,
          fields: liveFields(record.fields, now, false),
          expiresAt: record.expiresAt,
        })
      }
      return list
    },

    revokeOwnerSession(owner: string, id: string) {
      if (owners.get(owner)?.has(id) !== true) return false
      const live = (records.get(id)?.expiresAt ?? 0) > Date.now()
      records.delete(id)
      return live
    },

    ownerIndexSize(owner: string) {
      return owners.get(owner)?.size ?? 0
    },

    revokeOwnerSessions(owner: string, exceptId?: string) {
      const now = Date.now()
      let revoked = 0
      for (const id of [...(owners.get(owner) ?? [])]) {
        if (id === exceptId) continue
        if ((records.get(id)?.expiresAt ?? 0) > now) revoked++
        records.delete(id)
      }
      return revoked
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

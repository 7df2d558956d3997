import {
  OWNER_FIELD,
  type OwnedRecord,
  type SessionDriver,
  type StoredRecord,
} from '@sessionkit/core/driver'
import { ownerIndexOf, type ReferenceServer } from '../reference-driver.js'

// Drivers that break one promise of the owner index each; the owner cases must catch them.

/** An index that only grows: ids are added at each owned write and never removed. */
export function leaksIndex(inner: SessionDriver): SessionDriver {
  const index = new Map<string, Set<string>>()
  const add = (owner: string | undefined, id: string) => {
    if (owner === undefined) return
    const ids = index.get(owner) ?? new Set()
    index.set(owner, ids.add(id))
  }
  return {
    ...inner,
    async create(id, fields, ttl, owner) {
      const created = await inner.create(id, fields, ttl, owner)
      if (created) add(owner, id)
      return created
    },
    async listOwnerSessions(owner) {
      const list: OwnedRecord[] = []
      for (const id of index.get(owner) ?? []) {
        const record = await inner.load(id, 0)
        if (record) list.push({ id, fields: record.fields, expiresAt: record.expiresAt })
      }
      return list
    },
    ownerIndexSize: async (owner) => index.get(owner)?.size ?? 0,
  }
}

/** Lists every indexed record, expired or destroyed ones included. */
export function listsEnded(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  const everIndexed = new Map<string, Set<string>>()
  return {
    ...inner,
    async create(id, fields, ttl, owner) {
      const created = await inner.create(id, fields, ttl, owner)
      if (created && owner !== undefined) {
        everIndexed.set(owner, (everIndexed.get(owner) ?? new Set()).add(id))
      }
      return created
    },
    async listOwnerSessions(owner) {
      const ids = new Set([
        ...ownerIndexOf(server, prefix, owner),
        ...(everIndexed.get(owner) ?? []),
      ])
      return [...ids].map((id) => ({
        id,
        fields: new Map(server.get(prefix + id)?.fields ?? []),
        expiresAt: server.get(prefix + id)?.expiresAt ?? 0,
      }))
    },
  }
}

/** Revoking takes the sessions out of the index but leaves their records readable. */
export function revokeKeepsRecords(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async revokeOwnerSession(owner, id) {
      return ownerIndexOf(server, prefix, owner).delete(id)
    },
    async revokeOwnerSessions(owner, exceptId) {
      const ids = ownerIndexOf(server, prefix, owner)
      for (const id of [...ids]) if (id !== exceptId) ids.delete(id)
      return 0
    },
  }
}

/** Keeps each record it read or wrote in a local cache, served without asking the server. */
export function servesRevokedFromCache(inner: SessionDriver): SessionDriver {
  const cache = new Map<string, StoredRecord>()
  return {
    ...inner,
    async load(id, ttl) {
      const known = cache.get(id)
      if (known && known.expiresAt > Date.now()) return known
      const record = await inner.load(id, ttl)
      if (record) cache.set(id, record)
      return record
    },
    async destroy(id, owner) {
      cache.delete(id)
      return inner.destroy(id, owner)
    },
  }
}

/** `move` writes the new record without its owner: the index loses the session. */
export function moveDropsOwner(inner: SessionDriver, server: ReferenceServer, prefix: string) {
  const { move } = inner
  if (!move) return inner
  return {
    ...inner,
    async move(fromId, toId, patch, ttl, options) {
      const owner = server.get(prefix + fromId)?.owner
      if (owner !== undefined) ownerIndexOf(server, prefix, owner).delete(fromId)
      const record = server.get(prefix + fromId)
      if (record) record.owner = undefined
      return move.call(inner, fromId, toId, patch, ttl, { deleteOld: options.deleteOld })
    },
  } satisfies SessionDriver
}

/** Stores a new session without core's owner field (the index still gets the owner). */
export function dropsOwnerField(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    create(id, fields, ttl, owner) {
      const { [OWNER_FIELD]: _, ...rest } = fields
      return inner.create(id, rest, ttl, owner)
    },
  }
}

/**
 * A login indexes its session a turn before writing the record, and a revocation of all the
 * owner's sessions clears the owner's whole index when done: a login in between is wiped from
 * the index, then written, and lives on unlisted, out of reach of the next revocation.
 */
export function racingLoginEscapes(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  const { revokeOwnerSessions } = inner
  return {
    ...inner,
    async create(id, fields, ttl, owner) {
      if (owner === undefined) return inner.create(id, fields, ttl, owner)
      ownerIndexOf(server, prefix, owner).add(id)
      await new Promise((resolve) => setImmediate(resolve))
      const created = await inner.create(id, fields, ttl, undefined)
      const record = server.get(prefix + id)
      if (created && record) record.owner = owner
      return created
    },
    async revokeOwnerSessions(owner, exceptId) {
      const revoked = (await revokeOwnerSessions?.call(inner, owner, exceptId)) ?? 0
      ownerIndexOf(server, prefix, owner).clear()
      return revoked
    },
  }
}

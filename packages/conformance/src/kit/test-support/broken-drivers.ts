import type { FieldWrite, SessionDriver, StoredFields, StoredRecord } from '@sessionkit/core/driver'
import { FLASH_FIELD_PREFIX } from '@sessionkit/core/driver'
import { sleep } from '../support/time.js'
import { createReferenceDriver, type ReferenceServer } from './reference-driver.js'

// Deliberately broken drivers: each breaks one rule of the driver contract, so that the
// self-tests can check that the matching conformance case catches it.

/** Updates by read-modify-write of the whole record with a pause: concurrent updates get lost. */
export function losesConcurrentUpdates(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      const current = await inner.load(id, ttl)
      if (!current) return false
      await sleep(10)
      const next = writesOf(current.fields)
      for (const name of patch.unset) delete next[name]
      Object.assign(next, patch.set)
      await inner.destroy(id)
      await inner.create(id, next, ttl)
      return true
    },
  }
}

/** Creates the record when an update finds it missing: destroyed sessions come back. */
export function resurrects(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      return (await inner.update(id, patch, ttl)) || inner.create(id, patch.set, ttl)
    },
  }
}

/** Ignores every TTL, the session's and the fields': nothing ever expires. */
export function ignoresTtl(inner: SessionDriver): SessionDriver {
  const forever = 10 * 365 * 24 * 3600
  const withoutTtl = (fields: Readonly<Record<string, FieldWrite>>) =>
    Object.fromEntries(Object.entries(fields).map(([name, { value }]) => [name, { value }]))
  return {
    ...inner,
    create: (id, fields) => inner.create(id, withoutTtl(fields), forever),
    update: (id, patch) => inner.update(id, { ...patch, set: withoutTtl(patch.set) }, forever),
    touch: (id) => inner.touch(id, forever),
  }
}

/** `touch` answers that it restarted the TTL, but does not: reads never slide it. */
export function doesNotSlide(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return { ...inner, touch: async (id) => server.has(prefix + id) }
}

/** Answers every unknown id with an empty record, so unknown cookies are adopted. */
export function reusesUnknownIds(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    load: async (id, ttl) =>
      (await inner.load(id, ttl)) ?? { fields: new Map(), expiresAt: Date.now() + ttl * 1000 },
  }
}

/** Returns flash fields without removing them: a flash is seen again and again. */
export function keepsFlashes(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async load(id, ttl) {
      const record = await inner.load(id, ttl)
      const flashes = [...(record?.fields ?? [])].filter(([n]) => n.startsWith(FLASH_FIELD_PREFIX))
      if (flashes.length > 0) {
        await inner.update(id, { set: writesOf(new Map(flashes)), unset: [] }, ttl)
      }
      return record
    },
  }
}

/** Reads the record, then consumes flashes in a second step: concurrent loads all see them. */
export function consumesFlashesLate(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async load(id, ttl) {
      const record = server.get(prefix + id)
      const snapshot: StoredRecord | null = record
        ? { fields: new Map(record.fields), expiresAt: record.expiresAt }
        : null
      await sleep(5)
      return (await inner.load(id, ttl)) && snapshot
    },
  }
}

/** Ignores the prefix it is given: every storage on the server shares one key space. */
export function ignoresPrefix(_inner: SessionDriver, server: ReferenceServer): SessionDriver {
  return createReferenceDriver(server, 'shared:')
}

/** Timers started by `leaksTimer` drivers, to clear once the self-test is done. */
export const leakedTimers = new Set<NodeJS.Timeout>()

/** Starts a timer that keeps the process alive and forgets it in `close()`. */
export function leaksTimer(inner: SessionDriver): SessionDriver {
  leakedTimers.add(setInterval(() => {}, 60_000))
  return { ...inner, close: async () => {} }
}

function writesOf(fields: StoredFields): Record<string, FieldWrite> {
  const now = Date.now()
  return Object.fromEntries(
    [...fields].map(([name, { value, expiresAt }]) => [
      name,
      expiresAt === undefined
        ? { value }
        : { value, ttl: Math.max(1, Math.ceil((expiresAt - now) / 1000)) },
    ]),
  )
}

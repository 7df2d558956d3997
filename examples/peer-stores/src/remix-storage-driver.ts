import { createSession, type SessionStorage } from '@remix-run/session'
import {
  type FieldWrite,
  FLASH_FIELD_PREFIX,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
} from '@sessionkit/core/driver'

/** A Remix session, as `createSession` makes it. */
type RemixSession = ReturnType<typeof createSession>

/**
 * A Remix session storage (`@remix-run/session-storage-redis`, `-memcache`) as a sessionkit
 * driver, calling it as a Remix app does:
 * - a session is Remix's value map (sessionkit's fields as its values), read with `read(id)`
 *   (found when it keeps the id) and written whole with `save(session)`;
 * - Remix's TTL is fixed per storage: `storageFor(ttl)` gives a storage of that TTL over the
 *   same client, so each call still gets its own TTL;
 * - flashes are consumed as Remix does it, by saving the session without them after the read;
 * - `create` reads first and saves when nothing was there (Remix has no create-if-absent);
 *   `update` reads, patches and saves the whole session, and when the read finds nothing it
 *   still saves the copy this driver last read, as a Remix request that read it would;
 * - Remix never slides a TTL on a read and cannot tell one: `load` reports the record as due
 *   for a refresh (`expiresAt` now), and `touch` saves the copy last read again, as a Remix app
 *   that wants rolling sessions does (commit the session on every request);
 * - no per-field TTL (`fieldTtl: 'none'`), no `move`.
 */
export function remixStorageDriver(
  storageFor: (ttl: number) => SessionStorage,
  close: () => Promise<void>,
): SessionDriver {
  const storages = new Map<number, SessionStorage>()
  const storage = (ttl: number) => {
    let made = storages.get(ttl)
    if (!made) {
      made = storageFor(ttl)
      storages.set(ttl, made)
    }
    return made
  }
  const loadedCopies = new Map<string, Record<string, unknown>>()
  const read = async (id: string, ttl: number): Promise<RemixSession | null> => {
    const found = await storage(ttl).read(id)
    return found.id === id ? found : null
  }
  const save = (id: string, values: Record<string, unknown>, ttl: number) => {
    const session = createSession(id)
    for (const [name, value] of Object.entries(values)) session.set(name, value)
    return storage(ttl).save(session)
  }

  return {
    capabilities: { fieldTtl: 'none' },

    async load(id: string, ttl: number): Promise<StoredRecord | null> {
      const found = await read(id, ttl)
      if (!found) return null
      const [values] = found.data
      const fields = new Map(
        Object.entries(values).map(([name, value]) => [name, { value: String(value) }]),
      )
      const flashes = [...fields.keys()].filter((name) => name.startsWith(FLASH_FIELD_PREFIX))
      for (const name of flashes) found.unset(name)
      // The request's copy: its flashes read, as a Remix session drops them once read.
      loadedCopies.set(id, found.data[0])
      if (flashes.length > 0) await storage(ttl).save(found)
      return { fields, expiresAt: Date.now() }
    },

    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      if (await read(id, ttl)) return false
      await save(id, valuesOf(fields), ttl)
      return true
    },

    async update(id: string, patch: SessionPatch, ttl: number) {
      const current = (await read(id, ttl))?.data[0] ?? loadedCopies.get(id)
      if (!current) return false
      const next: Record<string, unknown> = { ...current, ...valuesOf(patch.set) }
      for (const name of patch.unset) delete next[name]
      await save(id, next, ttl)
      return true
    },

    async touch(id: string, ttl: number) {
      const copy = loadedCopies.get(id) ?? (await read(id, ttl))?.data[0]
      if (!copy) return false
      await save(id, copy, ttl)
      return true
    },

    async destroy(id: string) {
      loadedCopies.delete(id)
      const session = createSession(id)
      session.destroy()
      await storage(60).save(session)
    },

    close,
  }
}

function valuesOf(writes: Readonly<Record<string, FieldWrite>>): Record<string, string> {
  return Object.fromEntries(Object.entries(writes).map(([name, { value }]) => [name, value]))
}

import {
  type FieldWrite,
  FLASH_FIELD_PREFIX,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
} from '@sessionkit/core/driver'
import session from 'express-session'

/** A session as express-session hands it to a store: the data, and its cookie. */
type StoredSession = session.SessionData & Record<string, unknown>

/**
 * An express-session `Store` (connect-redis, memorystore, connect-memcached) as a sessionkit
 * driver, calling the store as express-session does:
 * - a session is one object: sessionkit's fields as its properties, beside the `cookie` that
 *   express-session keeps in it (a real `Cookie`, whose `maxAge` stores read for the TTL);
 * - `load` is `get`; flashes are consumed as express-session and connect-flash do it, by
 *   writing the session back without them (`set`);
 * - `create` is `get` then `set` when nothing was there (express-session never checks: its ids
 *   are new), `update` is `get`, the patch, then `set` of the whole session (express-session
 *   sets the copy its request read: a longer window, so this is the kinder of the two), and
 *   when `get` finds nothing it still sets the copy this driver last loaded, as express-session
 *   would;
 * - `touch` is the store's `touch` with the copy last loaded, its cookie restarted, as
 *   express-session's `rolling` sessions do (without a `touch`, `set` of that copy);
 * - `expiresAt` is the stored cookie's `expires`, which is all express-session knows;
 * - no per-field TTL (`fieldTtl: 'none'`), no `move`.
 */
export function expressStoreDriver(
  store: session.Store,
  close: () => Promise<void>,
): SessionDriver {
  const loadedCopies = new Map<string, StoredSession>()
  const call = <T>(run: (done: (error: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) =>
      run((error, value) => (error ? reject(error) : resolve(value))),
    )
  const get = (id: string) =>
    call<StoredSession | null>((done) =>
      store.get(id, (error, value) => done(error, value as StoredSession)),
    )
  const set = (id: string, value: StoredSession) => call<void>((done) => store.set(id, value, done))

  return {
    capabilities: { fieldTtl: 'none' },

    async load(id: string): Promise<StoredRecord | null> {
      const stored = await get(id)
      if (!stored) return null
      const fields = new Map(
        Object.entries(stored)
          .filter(([name]) => name !== 'cookie')
          .map(([name, value]) => [name, { value: String(value) }]),
      )
      const flashes = [...fields.keys()].filter((name) => name.startsWith(FLASH_FIELD_PREFIX))
      // The request's copy: its flashes read (connect-flash deletes them from req.session).
      const rest = { ...stored }
      for (const name of flashes) delete rest[name]
      loadedCopies.set(id, rest)
      if (flashes.length > 0) await set(id, withCookie(rest, ttlOf(stored)))
      const expires = stored.cookie?.expires
      return {
        fields,
        expiresAt: expires ? new Date(expires).getTime() : Date.now() + ttlOf(stored) * 1000,
      }
    },

    async create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) {
      if (await get(id)) return false
      await set(id, withCookie(valuesOf(fields), ttl))
      return true
    },

    async update(id: string, patch: SessionPatch, ttl: number) {
      const current = (await get(id)) ?? loadedCopies.get(id)
      if (!current) return false
      const next: StoredSession = { ...current, ...valuesOf(patch.set) }
      for (const name of patch.unset) delete next[name]
      await set(id, withCookie(next, ttl))
      return true
    },

    async touch(id: string, ttl: number) {
      const copy = loadedCopies.get(id) ?? (await get(id))
      if (!copy) return false
      const touched = withCookie(copy, ttl)
      if (store.touch) await call<void>((done) => store.touch?.(id, touched, () => done(null)))
      else await set(id, touched)
      return true
    },

    async destroy(id: string) {
      loadedCopies.delete(id)
      await call<void>((done) => store.destroy(id, done))
    },

    close,
  }
}

function valuesOf(writes: Readonly<Record<string, FieldWrite>>): Record<string, string> {
  return Object.fromEntries(Object.entries(writes).map(([name, { value }]) => [name, value]))
}

/** `data` with a new express-session cookie of `ttl` seconds, as a save or a touch makes. */
function withCookie(data: Record<string, unknown>, ttl: number): StoredSession {
  // express-session's Cookie takes its options, though its types say otherwise.
  const Cookie = session.Cookie as unknown as new (options: session.CookieOptions) => session.Cookie
  const cookie = new Cookie({ maxAge: ttl * 1000 })
  return { ...data, cookie } as StoredSession
}

/** The TTL in seconds a stored session was written with (its cookie's original maxAge). */
function ttlOf(stored: StoredSession): number {
  const ms = stored.cookie?.originalMaxAge
  return typeof ms === 'number' && ms > 0 ? Math.round(ms / 1000) : 86_400
}

import { type Session, type SessionStorage, SessionStorageUnavailableError } from '@sessionkit/core'

// Broken hand-written storages, for promises core keeps for every storage it builds but that
// a storage of one's own (or an older core) could break: each wraps a correct storage.

type Writes = Pick<Session, 'set' | 'flash' | 'unset'>

/**
 * `inner` with its sessions seen through `writes`: calls of `set`, `flash` and `unset` go to
 * `writes`, everything else to the session; `save` takes the session back.
 */
function withSessionWrites(
  inner: SessionStorage,
  writes: (session: Session) => Writes,
): SessionStorage {
  const sessions = new WeakMap<object, Session>()
  const wrap = (session: Session) => {
    const overrides = writes(session)
    const view = new Proxy(session, {
      get(target, name) {
        if (name === 'set' || name === 'flash' || name === 'unset') return overrides[name]
        const value = Reflect.get(target, name, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    sessions.set(view, session)
    return view
  }
  return {
    get capabilities() {
      return inner.capabilities
    },
    ttl: inner.ttl,
    refreshAfter: inner.refreshAfter,
    read: async (cookie) => wrap(await inner.read(cookie)),
    save: (session) => inner.save(sessions.get(session) ?? session),
    ready: () => inner.ready(),
    close: () => inner.close(),
    listSessions: (owner, options) => inner.listSessions(owner, options),
    revokeSession: (owner, handle) => inner.revokeSession(owner, handle),
    revokeAllSessions: (owner, options) => inner.revokeAllSessions(owner, options),
  }
}

/** Replaces lone surrogates in keys with U+FFFD instead of refusing them (so keys change). */
export function sanitisesKeys(inner: SessionStorage): SessionStorage {
  const clean = (key: string) => key.replace(/\p{Cs}/gu, '\uFFFD')
  return withSessionWrites(inner, (session) => ({
    set: (key, value, options) => session.set(clean(key), value, options),
    flash: (key, value) => session.flash(clean(key), value),
    unset: (key) => session.unset(clean(key)),
  }))
}

/** Stores what JSON makes of a value it cannot store unchanged, instead of refusing it. */
export function coercesValues(inner: SessionStorage): SessionStorage {
  const coerce = (value: unknown) => {
    const text = JSON.stringify(value)
    return text === undefined ? null : JSON.parse(text)
  }
  const lenient = (write: () => void, fallback: () => void) => {
    try {
      write()
    } catch {
      fallback()
    }
  }
  return withSessionWrites(inner, (session) => ({
    set: (key, value, options) =>
      lenient(
        () => session.set(key, value, options),
        () => session.set(key, coerce(value), options),
      ),
    flash: (key, value) =>
      lenient(
        () => session.flash(key, value),
        () => session.flash(key, coerce(value)),
      ),
    unset: (key) => session.unset(key),
  }))
}

/**
 * A storage on a server that does not answer whose reads fail in time but whose saves
 * (updates, destroys, regenerations) wait for ever.
 */
export function boundsReadsOnly({ timeout }: { timeout: number }): SessionStorage {
  const never = () => new Promise<never>(() => {})
  return {
    capabilities: { fieldTtl: 'native' },
    ttl: 600,
    refreshAfter: 0.1,
    read: () =>
      new Promise((_, reject) =>
        setTimeout(() => reject(new SessionStorageUnavailableError('no answer')), timeout),
      ),
    save: (session) =>
      session.isNew && !session.destroyed
        ? Promise.reject(new SessionStorageUnavailableError('no answer'))
        : never(),
    ready: never,
    close: async () => {},
    listSessions: never,
    revokeSession: never,
    revokeAllSessions: never,
  }
}

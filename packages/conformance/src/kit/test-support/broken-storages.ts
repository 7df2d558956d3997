import type { SessionStorage } from '@sessionkit/core'

// Deliberately broken storages, for contract rules that a storage built by core always keeps
// but a hand-written `SessionStorage` could break.

/** A storage whose read and save never settle: no timeout at all. */
export function hangingStorage(): SessionStorage {
  const never = () => new Promise<never>(() => {})
  return {
    capabilities: { fieldTtl: 'native' },
    ttl: 600,
    refreshAfter: 0.1,
    read: never,
    save: never,
    ready: never,
    close: async () => {},
    listSessions: never,
    revokeSession: never,
    revokeAllSessions: never,
  }
}

/** Writes a loaded session back in full even when nothing changed (a stale copy). */
export function rewritesUnchanged(inner: SessionStorage): SessionStorage {
  return {
    get capabilities() {
      return inner.capabilities
    },
    ttl: inner.ttl,
    refreshAfter: inner.refreshAfter,
    read: (cookie) => inner.read(cookie),
    save(session) {
      if (!session.dirty && !session.isNew) {
        for (const key of session.keys()) session.set(key, session.get(key))
      }
      return inner.save(session)
    },
    ready: () => inner.ready(),
    close: () => inner.close(),
    listSessions: (owner, options) => inner.listSessions(owner, options),
    revokeSession: (owner, handle) => inner.revokeSession(owner, handle),
    revokeAllSessions: (owner, options) => inner.revokeAllSessions(owner, options),
  }
}

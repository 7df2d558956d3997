import { type Session, type SessionStorage, SessionUnsupportedError } from '@sessionkit/core'
import { newSessionWithId } from '@sessionkit/core/adapter'
import { type SessionData, Store } from 'express-session'

type Callback<T = void> = (error?: unknown, result?: T) => void

/** express-session's data as JSON: one sessionkit field per top-level key. */
type Fields = Record<string, unknown>

/** The JSON text of each top-level key a session had when it was loaded. */
type Snapshot = ReadonlyMap<string, string>

/**
 * An express-session `Store` over any sessionkit storage:
 * `session({ store: new SessionkitStore(storage), secret })`.
 *
 * Each top-level key of express-session's session (its `cookie` included) is one sessionkit
 * field, and `set` writes only the keys this request changed since it loaded the session, so
 * concurrent requests that change different keys lose nothing. A `set` for a session that was
 * destroyed or expired since it was loaded does nothing: a late save never brings it back. The
 * store TTL follows the cookie (`cookie.maxAge`), or the storage's `ttl` for browser-session
 * cookies. Ids must be express-session's default ones (24 random bytes, base64url).
 */
export class SessionkitStore extends Store {
  readonly #storage: SessionStorage
  /** What `get` returned, and the sessions express-session made of it, to what they held. */
  readonly #loaded = new WeakMap<object, Snapshot>()

  /** A store keeping express-session's sessions in `storage`. */
  constructor(storage: SessionStorage) {
    super()
    this.#storage = storage
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    settle(this.#load(sid), callback)
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    settle(this.#save(sid, session), callback)
  }

  override destroy(sid: string, callback?: Callback): void {
    settle(this.#destroy(sid), callback)
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    settle(this.#touch(sid, session), callback)
  }

  override all(callback: Callback<SessionData[]>): void {
    settle(this.#all(), callback)
  }

  override length(callback: Callback<number>): void {
    settle(enumerating(this.#storage, 'count')(), callback)
  }

  override clear(callback?: Callback): void {
    settle(enumerating(this.#storage, 'clear')(), callback)
  }

  /** express-session turns what `get` gave into its Session: keep what it was loaded with. */
  override createSession(req: Parameters<Store['createSession']>[0], data: SessionData) {
    const snapshot = this.#loaded.get(data)
    const session = super.createSession(req, data)
    if (snapshot) this.#loaded.set(session, snapshot)
    return session
  }

  async #load(sid: string): Promise<SessionData | null> {
    const session = await this.#read(sid)
    if (session === undefined) return null
    const data = dataOf(session)
    this.#loaded.set(data, snapshotOf(data))
    return data as unknown as SessionData
  }

  async #save(sid: string, given: SessionData): Promise<void> {
    const fields = JSON.parse(JSON.stringify(given)) as Fields
    const snapshot = this.#loaded.get(given)
    const stored = await this.#read(sid)
    if (stored === undefined && snapshot !== undefined) return // destroyed or expired meanwhile
    const session = stored ?? newSessionWithId(this.#storage, sid)
    const base = snapshot ?? snapshotOf(stored ? dataOf(stored) : {})
    for (const [key, value] of Object.entries(fields)) {
      if (base.get(key) !== JSON.stringify(value)) session.set(key, value)
    }
    for (const key of base.keys()) if (!Object.hasOwn(fields, key)) session.unset(key)
    session.setLifetime(lifetimeOf(fields))
    await this.#storage.save(session)
    if (session.id !== sid) {
      // The id was taken by a session created meanwhile: remove the copy saved under another.
      session.destroy()
      await this.#storage.save(session)
      throw new Error('express-session id collision: the session was not saved')
    }
    this.#loaded.set(given, snapshotOf(fields))
  }

  async #destroy(sid: string): Promise<void> {
    const session = await this.#read(sid)
    if (session === undefined) return
    session.destroy()
    await this.#storage.save(session)
  }

  async #touch(sid: string, given: SessionData): Promise<void> {
    // The read restarts the TTL when the storage's refresh policy says so.
    const session = await this.#read(sid)
    if (session === undefined) return
    session.setLifetime(lifetimeOf(JSON.parse(JSON.stringify(given)) as Fields))
    if (session.dirty) await this.#storage.save(session)
  }

  async #all(): Promise<SessionData[]> {
    const sessions: SessionData[] = []
    for await (const { data } of enumerating(this.#storage, 'list')()) {
      sessions.push(withCookie({ ...data }) as unknown as SessionData)
    }
    return sessions
  }

  /** The stored session `sid`, or undefined when there is none. */
  async #read(sid: string): Promise<Session | undefined> {
    const session = await this.#storage.read(sid)
    return session.isNew ? undefined : session
  }
}

/** Call `callback` once `work` settles (never from inside it: a throwing callback stays its own). */
function settle<T>(work: Promise<T>, callback: Callback<T> | undefined): void {
  work.then(
    (result) => queueMicrotask(() => callback?.(null, result)),
    (error: unknown) => queueMicrotask(() => callback?.(error)),
  )
}

/** The storage's enumeration method `name`, or a function rejecting with why there is none. */
function enumerating<K extends 'list' | 'count' | 'clear'>(
  storage: SessionStorage,
  name: K,
): NonNullable<SessionStorage[K]> {
  const method = storage[name]?.bind(storage)
  if (method) return method as NonNullable<SessionStorage[K]>
  return (() => {
    throw new SessionUnsupportedError(`This session storage has no ${name}()`)
  }) as unknown as NonNullable<SessionStorage[K]>
}

/** express-session's data of a stored session. */
function dataOf(session: Session): Fields {
  const data: Fields = {}
  for (const key of session.keys()) data[key] = session.get(key)
  return withCookie(data)
}

/** express-session needs a `cookie` object; a session stored by other means may have none. */
function withCookie(data: Fields): Fields {
  data.cookie ??= { originalMaxAge: null }
  return data
}

function snapshotOf(data: Fields): Snapshot {
  return new Map(Object.entries(data).map(([key, value]) => [key, JSON.stringify(value)]))
}

/** The store lifetime the session's cookie asks for, in whole seconds; null: the storage's TTL. */
function lifetimeOf(fields: Fields): number | null {
  const cookie = fields.cookie as { originalMaxAge?: unknown; expires?: unknown } | undefined
  const maxAge = cookie?.originalMaxAge
  if (typeof maxAge === 'number' && maxAge > 0) return Math.ceil(maxAge / 1000)
  if (typeof cookie?.expires === 'string') {
    const seconds = Math.ceil((Date.parse(cookie.expires) - Date.now()) / 1000)
    if (seconds > 0) return seconds
  }
  return null
}

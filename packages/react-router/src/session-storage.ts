import type { Session as SessionkitSession, SessionMiddlewareOptions } from '@sessionkit/core'
import { createSessionCycle, type OpenedSession } from '@sessionkit/core/adapter'
import type {
  Session as RouterSession,
  SessionStorage as RouterSessionStorage,
  SessionData,
} from 'react-router'

/** The cookie options `commitSession` and `destroySession` take (React Router's). */
type CommitOptions = Parameters<RouterSessionStorage['commitSession']>[1]

/** Options of `createReactRouterSessionStorage`: those of sessionkit's middleware. */
export type ReactRouterSessionOptions = SessionMiddlewareOptions

/** React Router's name for a flash value's key in `session.data`. */
const flashKey = (name: string) => `__flash_${name}__`

/**
 * React Router's `{ getSession, commitSession, destroySession }` (as its `createSessionStorage`
 * makes them) over any sessionkit storage, for React Router 7+ and Remix apps. Sessions behave
 * as React Router's: `flash(name, value)` keeps a value until a `get(name)` reads it, and the
 * read removes it once the session is committed; `commitSession(session, { maxAge })` gives the
 * session that lifetime in the store and the cookie ("remember me"). What sessionkit adds: a
 * commit writes only the keys that changed, a session destroyed meanwhile stays destroyed, and
 * the cookie's Max-Age follows the store. `cookie` is a sessionkit cookie (signed); under
 * `secure: 'auto'` it is marked Secure, as `getSession` sees no request protocol.
 */
export function createReactRouterSessionStorage<Data = SessionData, FlashData = Data>(
  options: ReactRouterSessionOptions,
): RouterSessionStorage<Data, FlashData> {
  const cycle = createSessionCycle(options)
  const opened = new WeakMap<object, OpenedSession>()

  /** The sessionkit session behind a React Router session this storage made. */
  const openedOf = (session: RouterSession<Data, FlashData>): OpenedSession => {
    const found = opened.get(session)
    if (found === undefined) {
      throw new TypeError('This session was not made by this session storage (getSession)')
    }
    return found
  }

  return {
    async getSession(cookieHeader) {
      const session = await cycle.open({ cookieHeader: cookieHeader ?? null, secure: true })
      const routerSession = routerSessionOf<Data, FlashData>(session.session)
      opened.set(routerSession, session)
      return routerSession
    },

    async commitSession(session, commitOptions) {
      const open = openedOf(session)
      const lifetime = lifetimeOf(commitOptions)
      if (lifetime !== undefined) open.session.setLifetime(lifetime)
      return (await cycle.close(open)) ?? (await unchangedCookie(open))
    },

    async destroySession(session) {
      const open = openedOf(session)
      open.session.destroy()
      return (await cycle.close(open)) ?? (await unchangedCookie(open))
    },
  }

  /** What `commitSession` sends when the cycle has nothing to send: React Router always sends one. */
  async function unchangedCookie(open: OpenedSession): Promise<string> {
    const { cookie } = options
    return open.session.isNew
      ? cookie.serialize('', { maxAge: 0, expires: new Date(0) })
      : cookie.serialize(open.session.id, {
          maxAge: Math.max(0, Math.ceil(((open.session.expiresAt ?? 0) - Date.now()) / 1000)),
        })
  }
}

/** A React Router session reading and writing `session`, with React Router's flash rules. */
function routerSessionOf<Data, FlashData>(
  session: SessionkitSession,
): RouterSession<Data, FlashData> {
  return {
    get id() {
      return session.isNew ? '' : session.id
    },
    get data() {
      const data: Record<string, unknown> = {}
      for (const key of session.keys()) data[key] = session.get(key)
      return data as RouterSession<Data, FlashData>['data']
    },
    has(name) {
      return session.has(name) || session.has(flashKey(name))
    },
    get(name) {
      if (session.has(name)) return session.get(name) as never
      const flashed = flashKey(name)
      if (!session.has(flashed)) return undefined
      const value = session.get(flashed)
      session.unset(flashed)
      return value as never
    },
    set(name, value) {
      if (value === undefined) session.unset(name)
      else session.set(name, value)
    },
    flash(name, value) {
      session.set(flashKey(name), value)
    },
    unset(name) {
      session.unset(name)
    },
  }
}

/** The lifetime in seconds that commit options ask for, if any. */
function lifetimeOf(options: CommitOptions): number | undefined {
  if (typeof options?.maxAge === 'number' && options.maxAge > 0) return Math.ceil(options.maxAge)
  if (options?.expires instanceof Date) {
    const seconds = Math.ceil((options.expires.getTime() - Date.now()) / 1000)
    if (seconds > 0) return seconds
  }
  return undefined
}

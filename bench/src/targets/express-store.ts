import { randomBytes } from 'node:crypto'
import session from 'express-session'
import { COUNTER_FIELD, counterOf } from '../session/session-fields.js'
import type { SessionTarget } from './target.js'

/** The part of an Express request that express-session's `Session` uses. */
interface SessionRequest {
  sessionID: string
  sessionStore: session.Store
  session?: session.Session
}

type RequestSession = session.Session & Record<string, unknown>

/** express-session's `Session` and `Cookie` constructors, as its middleware calls them. */
const Session = session.Session as unknown as new (req: SessionRequest) => RequestSession
const Cookie = session.Cookie as unknown as new (options: object) => session.Cookie

/** Callback-style store call as a promise. */
function call(run: (callback: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())))
}

/**
 * The cycles on an express-session `Store`, driven the way the express-session middleware
 * (`resave: false, saveUninitialized: false, rolling: false`) drives it for one request:
 * `get` then `createSession`; at the end `session.touch()` (resets the cookie's expiry), then
 * `set` through `session.save()` when the session changed, else `store.touch()`; `destroy`
 * through `session.destroy()`. New ids are 24 random bytes, as express-session's uid-safe
 * makes them. The middleware's own CRC of the session (to tell a change) is not run.
 */
export function expressStoreTarget(
  store: session.Store,
  fields: Readonly<Record<string, unknown>>,
  ttl: number,
  name: string,
  close: () => Promise<void>,
): SessionTarget {
  const cookieOptions = { maxAge: ttl * 1000, httpOnly: true, path: '/', secure: false }

  const load = async (ref: string): Promise<RequestSession> => {
    const data = await new Promise<session.SessionData | null | undefined>((resolve, reject) =>
      store.get(ref, (error, value) => (error ? reject(error) : resolve(value))),
    )
    if (!data) throw new Error(`${name}: session not found`)
    const req = { sessionID: ref, sessionStore: store }
    return store.createSession(req as never, data) as RequestSession
  }

  return {
    async create() {
      const req: SessionRequest = {
        sessionID: randomBytes(24).toString('base64url'),
        sessionStore: store,
      }
      const created = new Session(req)
      created.cookie = new Cookie(cookieOptions)
      Object.assign(created, fields)
      created.touch()
      await call((done) => created.save(done))
      return req.sessionID
    },
    async read(ref) {
      const loaded = await load(ref)
      const counter = counterOf(loaded[COUNTER_FIELD], name)
      loaded.touch()
      await call((done) => {
        if (store.touch) store.touch(ref, loaded, done as () => void)
        else done()
      })
      return counter
    },
    async modify(ref, afterRead) {
      const loaded = await load(ref)
      const counter = counterOf(loaded[COUNTER_FIELD], name)
      afterRead?.()
      loaded[COUNTER_FIELD] = counter + 1
      loaded.touch()
      await call((done) => loaded.save(done))
      return counter
    },
    async destroy(ref) {
      const loaded = await load(ref)
      await call((done) => loaded.destroy(done))
    },
    close,
  }
}

import type { AnySession, Session, SessionMiddlewareOptions } from '@sessionkit/core'
import { createSessionCycle, fetchRequestFacts } from '@sessionkit/core/adapter'
import type { MiddlewareHandler } from 'hono'

/** Hono's environment once `sessionMiddleware` ran: `c.get('session')` is typed `S`. */
export interface SessionEnv<S extends AnySession = Session> {
  Variables: { session: S }
}

/** Options of `sessionMiddleware`: those of sessionkit's middleware. */
export type HonoSessionOptions = SessionMiddlewareOptions

/**
 * Hono middleware: `c.get('session')` is the request's sessionkit session, saved once the
 * handlers are done, with the `Set-Cookie` it needs appended to their response. A failed read
 * or save is thrown to Hono, whose `app.onError` answers: the handlers' response, headers
 * included, is dropped.
 * Type the session with `sessionMiddleware<Session<Data, Flash>>(…)`.
 */
export function sessionMiddleware<S extends AnySession = Session>(
  options: HonoSessionOptions,
): MiddlewareHandler<SessionEnv<S>> {
  const cycle = createSessionCycle(options)
  return async (c, next) => {
    const opened = await cycle.open(fetchRequestFacts(c.req.raw, options.trustProxy))
    c.set('session', opened.session as S)
    await next()
    let setCookie: string | null
    try {
      setCookie = await cycle.close(opened)
    } catch (error) {
      // Hono hands the error response the headers of the current one: drop the handlers'.
      const names: string[] = []
      c.res.headers.forEach((_value, name) => {
        names.push(name)
      })
      for (const name of names) c.res.headers.delete(name)
      await c.res.body?.cancel().catch(() => {})
      throw error
    }
    if (setCookie !== null) c.header('Set-Cookie', setCookie, { append: true })
  }
}

import type { Session } from '../session/session.js'
import {
  assertSignedCookie,
  closeSession,
  openSession,
  type SessionMiddlewareOptions,
} from './session-cycle.js'

/** A fetch-style handler that receives the request's session. */
export type SessionHandler = (request: Request, session: Session) => Response | Promise<Response>

/**
 * Wrap a fetch-style handler (`Request` -> `Response`): the session is read from the request's
 * cookie, handed to `handler`, saved afterwards, and the response gets the `Set-Cookie` it
 * needs (cleared with Max-Age=0 after `destroy()`). Refuses an unsigned cookie.
 */
export function withSession(
  handler: SessionHandler,
  options: SessionMiddlewareOptions,
): (request: Request) => Promise<Response> {
  assertSignedCookie(options.cookie)
  return async (request) => {
    const opened = await openSession(options, request.headers.get('Cookie'))
    const response = await handler(request, opened.session)
    const setCookie = await closeSession(options, opened)
    if (setCookie === null) return response
    const headers = new Headers(response.headers)
    headers.append('Set-Cookie', setCookie)
    return new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    })
  }
}

import { SessionStorageUnavailableError } from '../errors.js'
import type { AnySession, Session } from '../session/session.js'
import {
  createSessionCycle,
  isSecureRequest,
  type SessionMiddlewareOptions,
  type SessionRequestFacts,
} from './session-cycle.js'

/** A fetch-style handler that receives the request's session. */
export type SessionHandler<S extends AnySession = Session> = (
  request: Request,
  session: S,
) => Response | Promise<Response>

/** Options of `withSession`. */
export interface FetchSessionOptions extends SessionMiddlewareOptions {
  /**
   * The response to send when the session cannot be read or saved (the handler's response, if
   * any, is discarded). Default: `sessionErrorResponse`, a 503 for an unreachable store.
   */
  onError?: ((error: unknown, request: Request) => Response | Promise<Response>) | undefined
}

/**
 * Wrap a fetch-style handler (`Request` -> `Response`): the session is read from the request's
 * cookie, handed to `handler`, saved afterwards, and the response gets the `Set-Cookie` it
 * needs (cleared with Max-Age=0 after `destroy()`). A store failure becomes `onError`'s
 * response; the handler's own errors are left to the caller. Refuses an unsigned cookie.
 */
export function withSession<S extends AnySession = Session>(
  handler: SessionHandler<S>,
  options: FetchSessionOptions,
): (request: Request) => Promise<Response> {
  const cycle = createSessionCycle(options)
  const onError = options.onError ?? sessionErrorResponse
  return async (request) => {
    let opened: Awaited<ReturnType<typeof cycle.open>>
    try {
      opened = await cycle.open(fetchRequestFacts(request, options.trustProxy))
    } catch (error) {
      return onError(error, request)
    }
    const response = await handler(request, opened.session as S)
    let setCookie: string | null
    try {
      setCookie = await cycle.close(opened)
    } catch (error) {
      await response.body?.cancel().catch(() => {})
      return onError(error, request)
    }
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

/** What the session cycle needs from a fetch `Request`. */
export function fetchRequestFacts(
  request: Request,
  trustProxy: boolean | undefined,
): SessionRequestFacts {
  return {
    cookieHeader: request.headers.get('Cookie'),
    secure: isSecureRequest(
      request.url.startsWith('https:'),
      request.headers.get('X-Forwarded-Proto'),
      trustProxy,
    ),
  }
}

/**
 * The default answer to a session failure: 503 (with `Retry-After`) when the store cannot be
 * reached, else 500; a plain-text body that names the problem, never the session id.
 */
export function sessionErrorResponse(error: unknown): Response {
  const unavailable = error instanceof SessionStorageUnavailableError
  return new Response(
    unavailable
      ? 'Service unavailable: the session store cannot be reached. Try again shortly.'
      : 'Internal server error: the session could not be read or saved.',
    {
      status: unavailable ? 503 : 500,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        ...(unavailable ? { 'Retry-After': '5' } : {}),
      },
    },
  )
}

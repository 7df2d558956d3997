import type { Session, SessionStorage } from '@sessionkit/core'

/** What every route gets besides the request and its session. */
export interface DemoContext {
  readonly storage: SessionStorage
  /** The store URL without credentials or query, for display. */
  readonly storeLabel: string
}

/** A page or an action: a fetch-style handler with the request's session. */
export type Route = (
  request: Request,
  session: Session,
  context: DemoContext,
) => Response | Promise<Response>

/** Headers of every HTML page: never cached (it shows session data), no script, no framing. */
const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
}

/** An HTML page response. */
export function htmlResponse(html: string, status = 200, headers: Record<string, string> = {}) {
  return new Response(html, { status, headers: { ...PAGE_HEADERS, ...headers } })
}

/** Back to the home page after a form (post/redirect/get). */
export function redirectHome(): Response {
  return new Response(null, { status: 303, headers: { Location: '/' } })
}

/** The fields of a url-encoded form body. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text())
}

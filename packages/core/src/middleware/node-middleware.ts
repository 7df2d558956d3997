import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Session } from '../session/session.js'
import {
  assertSignedCookie,
  closeSession,
  openSession,
  type SessionMiddlewareOptions,
} from './session-cycle.js'

/** A Node request once the middleware has run. */
export type RequestWithSession = IncomingMessage & { session: Session }

/** Options of `nodeSessionMiddleware`. */
export interface NodeSessionMiddlewareOptions extends SessionMiddlewareOptions {
  /**
   * Called when the session cannot be saved; the response then becomes a 500 (if its headers
   * are not sent yet). Default: nothing beyond that response.
   */
  onSaveError?: ((error: unknown, req: IncomingMessage) => void) | undefined
}

/**
 * Middleware for Node `http`, Express and connect: sets `req.session`, and saves it before the
 * response's headers go out, adding the `Set-Cookie` it needs. Refuses an unsigned cookie.
 */
export function nodeSessionMiddleware(
  options: NodeSessionMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  assertSignedCookie(options.cookie)
  return (req, res, next) => {
    openSession(options, req.headers.cookie ?? null).then((opened) => {
      ;(req as RequestWithSession).session = opened.session
      holdResponseUntilSaved(
        res,
        async () => {
          const setCookie = await closeSession(options, opened)
          if (setCookie !== null) appendSetCookie(res, setCookie)
        },
        (error) => options.onSaveError?.(error, req),
      )
      next()
    }, next)
  }
}

/**
 * Defer the response's head and body until `save` has run, so the session is stored and its
 * cookie set before anything reaches the client. Writes are replayed in order.
 */
function holdResponseUntilSaved(
  res: ServerResponse,
  save: () => Promise<void>,
  onError: (error: unknown) => void,
): void {
  const { writeHead, write, end } = res
  let head: Parameters<typeof writeHead> | undefined
  let saved: Promise<boolean> | undefined
  const whenSaved = () => {
    // Node's own end() calls res.writeHead for implicit headers: hand it back first.
    const restoreHead = () => {
      res.writeHead = writeHead
    }
    saved ??= save().then(
      () => {
        restoreHead()
        if (head) writeHead.apply(res, mergeHeadCookies(res, head))
        return true
      },
      (error: unknown) => {
        restoreHead()
        onError(error)
        if (!res.headersSent) {
          res.removeHeader('Set-Cookie')
          writeHead.call(res, 500, { 'Content-Type': 'text/plain; charset=utf-8' })
        }
        end.call(res, 'The session could not be saved', 'utf8')
        return false
      },
    )
    return saved
  }
  res.writeHead = ((...args: Parameters<typeof writeHead>) => {
    head = args
    return res
  }) as typeof writeHead
  res.write = ((...args: Parameters<typeof write>) => {
    void whenSaved().then((ok) => ok && write.apply(res, args))
    return true
  }) as typeof write
  res.end = ((...args: Parameters<typeof end>) => {
    void whenSaved().then((ok) => ok && end.apply(res, args))
    return res
  }) as typeof end
}

function appendSetCookie(res: ServerResponse, setCookie: string): void {
  const existing = res.getHeader('Set-Cookie')
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('Set-Cookie', [...list, setCookie])
}

/** Keep our cookie when the app passes its own Set-Cookie to writeHead, which would replace it. */
function mergeHeadCookies(res: ServerResponse, head: Parameters<ServerResponse['writeHead']>) {
  const headers = head.find(
    (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
  )
  if (!headers) return head
  const record = headers as Record<string, unknown>
  const key = Object.keys(record).find((name) => name.toLowerCase() === 'set-cookie')
  const ours = res.getHeader('Set-Cookie')
  if (key === undefined || ours === undefined) return head
  const theirs = record[key]
  record[key] = [
    ...(Array.isArray(theirs) ? theirs : [String(theirs)]),
    ...(Array.isArray(ours) ? ours : [String(ours)]),
  ]
  return head
}

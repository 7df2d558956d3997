import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { AnySession, Session } from '../session/session.js'
import { saveBeforeHead } from './save-before-head.js'
import {
  createSessionCycle,
  isSecureRequest,
  type SessionMiddlewareOptions,
  type SessionRequestFacts,
} from './session-cycle.js'

/** A Node request once the middleware has run. */
export type RequestWithSession<S extends AnySession = Session> = IncomingMessage & { session: S }

/** Options of `nodeSessionMiddleware`. */
export interface NodeSessionMiddlewareOptions extends SessionMiddlewareOptions {
  /**
   * Where a failed read or save of the session goes. Default: `next(error)`, the error path of
   * Express and connect (the app's error middleware then writes the whole response). Plain
   * `node:http` servers set it and answer on `res` themselves. Either way nothing of the
   * handler's response has been sent: its headers are removed and its body dropped.
   */
  onError?: ((error: unknown, req: IncomingMessage, res: ServerResponse) => void) | undefined
}

/**
 * Middleware for Node `http`, Express and connect: sets `req.session`, and saves it at the
 * moment the response's head is about to go out (writeHead, the first write, or end), adding
 * the `Set-Cookie` it needs; later writes go straight to the response. Refuses an unsigned
 * cookie (`SessionConfigError`).
 */
export function nodeSessionMiddleware(
  options: NodeSessionMiddlewareOptions,
): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  const cycle = createSessionCycle(options)
  const { onError, trustProxy } = options
  return (req, res, next) => {
    const fail = (error: unknown) => (onError ? onError(error, req, res) : next(error))
    cycle.open(nodeRequestFacts(req, trustProxy)).then((opened) => {
      ;(req as RequestWithSession).session = opened.session
      saveBeforeHead(res, () => cycle.close(opened), fail)
      next()
    }, fail)
  }
}

/** What the session cycle needs from a Node request. */
export function nodeRequestFacts(
  req: IncomingMessage,
  trustProxy: boolean | undefined,
): SessionRequestFacts {
  const forwarded = req.headers['x-forwarded-proto']
  // Express computes `req.secure` under its own 'trust proxy' setting: use it when present.
  const expressSecure = (req as { secure?: unknown }).secure
  const own =
    typeof expressSecure === 'boolean'
      ? expressSecure
      : (req.socket as Partial<TLSSocket>).encrypted === true
  return {
    cookieHeader: req.headers.cookie ?? null,
    secure: isSecureRequest(own, Array.isArray(forwarded) ? forwarded[0] : forwarded, trustProxy),
  }
}

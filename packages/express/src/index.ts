// @sessionkit/express: sessionkit's middleware for Express and connect; the `req.session` type
// on ./augment. Apps staying on express-session: @sessionkit/express-session.
import {
  type NodeSessionMiddlewareOptions,
  nodeSessionMiddleware,
  type Session,
} from '@sessionkit/core'
import type { NextFunction, Request, Response } from 'express'

/** Options of `sessionMiddleware`: those of core's `nodeSessionMiddleware`. */
export type ExpressSessionOptions = NodeSessionMiddlewareOptions

/**
 * Data and flash types of `req.session`, for `@sessionkit/express/augment`. Declare your keys
 * by merging into them: `declare module '@sessionkit/express' { interface SessionData { user: string } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface SessionData {}
/** Flash types of `req.session` (see `SessionData`); by default those of `SessionData`. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface SessionFlashData {}

/** The session type `req.session` has once `@sessionkit/express/augment` is imported. */
export type ExpressSession = Session<
  keyof SessionData extends never ? Record<string, unknown> : SessionData,
  keyof SessionFlashData extends never
    ? keyof SessionData extends never
      ? Record<string, unknown>
      : SessionData
    : SessionFlashData
>

/**
 * Express (4.21+, 5) and connect middleware: `req.session` is the request's sessionkit
 * session, saved when the response head is about to go out. A failed read or save goes to
 * `next(error)`, so the app's error middleware writes a whole, well-formed response.
 */
export function sessionMiddleware(
  options: ExpressSessionOptions,
): (req: Request, res: Response, next: NextFunction) => void {
  return nodeSessionMiddleware(options)
}

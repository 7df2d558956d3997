// @sessionkit/hono: sessionkit's middleware for Hono.
export {
  type HonoSessionOptions,
  type SessionEnv,
  sessionMiddleware,
} from './session-middleware.js'

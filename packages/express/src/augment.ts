// Import once (`import '@sessionkit/express/augment'`) to type `req.session` in Express apps
// that use `sessionMiddleware`. Not for apps on express-session, which types it itself.
import type { ExpressSession } from './index.js'

declare global {
  namespace Express {
    interface Request {
      /** The request's sessionkit session, set by `sessionMiddleware`. */
      session: ExpressSession
    }
  }
}

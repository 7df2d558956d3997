// @sessionkit/core: the API for apps. Driver authors: see ./driver.ts (@sessionkit/core/driver).
export type { SessionBackendName } from './config/backend-registry.js'
export {
  createSessionStorageFromConfig,
  type SessionStoreConfig,
} from './config/create-from-config.js'
export {
  type Cookie,
  type CookieOptions,
  type CookieParseResult,
  createCookie,
  MIN_SECRET_BYTES,
} from './cookie/cookie.js'
export {
  type CookieAttributes,
  type CookiePriority,
  MAX_COOKIE_BYTES,
  type SameSite,
} from './cookie/cookie-attributes.js'
export { MAX_COOKIE_HEADER_LENGTH, MAX_COOKIES_PER_HEADER } from './cookie/cookie-header.js'
export * from './errors.js'
export { type SessionHandler, withSession } from './middleware/fetch-middleware.js'
export {
  type NodeSessionMiddlewareOptions,
  nodeSessionMiddleware,
  type RequestWithSession,
} from './middleware/node-middleware.js'
export type { SessionMiddlewareOptions } from './middleware/session-cycle.js'
export { MAX_VALUE_DEPTH } from './session/json-value.js'
export { type RegenerateIdOptions, Session, type SetOptions } from './session/session.js'
export type { SessionStorage, SessionStorageCapabilities } from './storage/session-storage.js'

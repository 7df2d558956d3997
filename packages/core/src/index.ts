export type {
  SessionBackendName,
  SessionStoreConfig,
  SessionStoreConfigInput,
} from './config/config-schema.js'
export { createSessionStorageFromConfig } from './config/create-from-config.js'
export {
  type Cookie,
  type CookieOptions,
  type CookieParseResult,
  createCookie,
} from './cookie/cookie.js'
export {
  type CookieAttributes,
  type CookiePriority,
  MAX_COOKIE_BYTES,
  type SameSite,
} from './cookie/cookie-attributes.js'
export * from './errors.js'
export { type SessionHandler, withSession } from './middleware/fetch-middleware.js'
export {
  type NodeSessionMiddlewareOptions,
  nodeSessionMiddleware,
  type RequestWithSession,
} from './middleware/node-middleware.js'
export type { SessionMiddlewareOptions } from './middleware/session-cycle.js'
export { decodeJsonValue, encodeJsonValue } from './session/json-value.js'
export { type RegenerateIdOptions, Session, type SetOptions } from './session/session.js'
export { generateSessionId, isWellFormedSessionId, storageIdOf } from './session/session-id.js'
export {
  createSessionStorage,
  DEFAULT_MAX_SESSION_SIZE,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_SESSION_TTL,
  type SessionStorageOptions,
} from './storage/create-session-storage.js'
export type * from './storage/driver.js'
export { dropExpiredFields, type FieldMap, patchFields, writeFields } from './storage/field-map.js'
export * from './storage/reserved-fields.js'
export type { SessionStorage, SessionStorageCapabilities } from './storage/session-storage.js'

// @sessionkit/core: the API for apps. Driver authors: see ./driver.ts (@sessionkit/core/driver).
export type { SessionBackendName } from './config/backend-registry.js'
export {
  type CreateFromConfigOptions,
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
export {
  STORAGE_CHANNELS,
  type StorageOperation,
  type StorageOperationContext,
  type StorageOutcome,
} from './diagnostics/storage-channels.js'
export * from './errors.js'
export {
  type FetchSessionOptions,
  type SessionHandler,
  sessionErrorResponse,
  withSession,
} from './middleware/fetch-middleware.js'
export {
  type NodeSessionMiddlewareOptions,
  nodeSessionMiddleware,
  type RequestWithSession,
} from './middleware/node-middleware.js'
export type { RollingMode, SessionMiddlewareOptions } from './middleware/session-cycle.js'
export { MAX_VALUE_DEPTH } from './session/json-value.js'
export {
  type AnySession,
  MAX_METADATA_BYTES,
  MAX_OWNER_LENGTH,
  type RegenerateIdOptions,
  Session,
  type SessionData,
  type SessionKey,
  type SessionMetadata,
  type SessionValue,
  type SetOptions,
} from './session/session.js'
export type {
  ListSessionsOptions,
  OwnedSessionInfo,
  RevokeAllSessionsOptions,
} from './storage/owner-operations.js'
export type {
  SessionStorage,
  SessionStorageCapabilities,
  StoredSessionData,
} from './storage/session-storage.js'

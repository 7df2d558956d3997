// @sessionkit/core/driver: the API for backend (driver) authors. Apps: see ./index.ts.
export { generateSessionId, isWellFormedSessionId, storageIdOf } from './session/session-id.js'
export {
  createSessionStorage,
  type SessionStorageOptions,
} from './storage/create-session-storage.js'
export type * from './storage/driver.js'
export { dropExpiredFields, type FieldMap, patchFields, writeFields } from './storage/field-map.js'
export * from './storage/reserved-fields.js'
export {
  DEFAULT_KEY_PREFIX,
  DEFAULT_MAX_SESSION_SIZE,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_SESSION_TTL,
} from './storage/storage-options.js'

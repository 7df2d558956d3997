export * from './errors.js'
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
export * from './storage/reserved-fields.js'
export type { SessionStorage, SessionStorageCapabilities } from './storage/session-storage.js'

// @sessionkit/core/driver: the API for backend (driver) authors. Apps: see ./index.ts.

/** zod, as core uses it: build option schemas with it, so that they fit core's helpers. */
export { z } from 'zod'
export {
  defineSessionBackend,
  type SessionBackend,
  type SessionBackendDefinition,
} from './config/session-backend.js'
export { parseStoreUrl, type StoreUrl } from './config/store-url.js'
export {
  parseOptions,
  type ReportOptionIssue,
  withOptionRules,
} from './options/parse-options.js'
export { generateSessionId, isWellFormedSessionId, storageIdOf } from './session/session-id.js'
export { createSessionStorage } from './storage/create-session-storage.js'
export type * from './storage/driver.js'
export {
  applyPatch,
  type FieldMap,
  type WritableFields,
  writeFields,
} from './storage/field-map.js'
export {
  FieldTable,
  FieldTableDraft,
  liveFields,
  patchedTable,
  tableOf,
} from './storage/field-table.js'
export * from './storage/reserved-fields.js'
export {
  DEFAULT_KEY_PREFIX,
  DEFAULT_MAX_SESSION_SIZE,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_REFRESH_AFTER,
  DEFAULT_SESSION_TTL,
  MAX_INT32,
  type SessionStorageOptions,
  sessionStorageOptionsShape,
  wholeNumber,
} from './storage/storage-options.js'
export { TimeoutQueue, type Waiting } from './storage/timeout-queue.js'

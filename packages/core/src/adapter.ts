// @sessionkit/core/adapter: the API for framework adapters. Apps: see ./index.ts.
export { fetchRequestFacts } from './middleware/fetch-middleware.js'
export { nodeRequestFacts } from './middleware/node-middleware.js'
export { saveBeforeHead } from './middleware/save-before-head.js'
export {
  createSessionCycle,
  isSecureRequest,
  type OpenedSession,
  type SessionCycle,
  type SessionRequestFacts,
} from './middleware/session-cycle.js'
export { newSessionWithId } from './session/new-session-with-id.js'
export type { SessionBinding } from './session/session.js'

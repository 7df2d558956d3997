import { SessionDataError } from '../errors.js'
import type { SessionStorage } from '../storage/session-storage.js'
import { Session } from './session.js'
import { isWellFormedSessionId } from './session-id.js'
import { newSessionState } from './session-state.js'

/**
 * A new, unsaved session under an id made elsewhere (express-session makes its own: 24 random
 * bytes in base64url), for `storage.save` to create. Only for adapters whose framework owns the
 * ids; sessionkit's own middleware never takes an id from a request. Throws
 * `SessionDataError` for an id that is not 32 base64url characters. When the id turns out to
 * be taken, `storage.save` stores the session under a fresh id instead (see `session.id`).
 */
export function newSessionWithId(storage: SessionStorage, id: string): Session {
  if (!isWellFormedSessionId(id)) {
    throw new SessionDataError(
      'A session id must be 32 base64url characters (24 random bytes, as express-session makes them)',
    )
  }
  return new Session(newSessionState(id, storage.capabilities.fieldTtl !== 'none'))
}

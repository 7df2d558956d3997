import type { SessionStorage, SessionStorageCapabilities } from '@sessionkit/core'
import { generateSessionId } from '@sessionkit/core/driver'
import { describeError } from './describe-error.js'

/** The session store did not answer the start-up check. */
export class StoreUnreachableError extends Error {
  constructor(store: string, cause: unknown) {
    super(
      `Cannot reach the session store ${store}: ${describeError(cause)}. ` +
        'Is the server running, and is SESSION_STORE right?',
      { cause },
    )
    this.name = 'StoreUnreachableError'
  }
}

/**
 * Check at start-up that the store answers: `storage.ready()` (connection made, features
 * detected), then one read of an id nobody holds, which makes every backend do a real round
 * trip (a backend without a `ready` of its own, such as memcache, connects lazily). Resolves
 * with the store's capabilities; rejects with `StoreUnreachableError` within the storage's
 * timeout.
 */
export async function checkStore(
  storage: SessionStorage,
  store: string,
): Promise<SessionStorageCapabilities> {
  try {
    const capabilities = await storage.ready()
    await storage.read(generateSessionId())
    return capabilities
  } catch (error) {
    throw new StoreUnreachableError(store, error)
  }
}

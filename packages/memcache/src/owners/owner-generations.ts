import { hash, randomBytes } from 'node:crypto'
import { SessionStorageUnavailableError } from '@sessionkit/core'
import { DRIVER_FIELD_PREFIX } from '@sessionkit/core/driver'
import { getWithCas, store, type Transport } from '../network/memjs-ops.js'

/**
 * Log-out-everywhere on memcached, which has no reliable secondary index (items get evicted):
 * each owner has a generation item holding a random token, and each owned session item carries
 * the owner and the token(s) it is valid for. Revoking all of an owner's sessions writes a new
 * token: every session stamped with an older one is refused by its next load (and deleted).
 *
 * The generation item never expires (memcached exptime 0) but may be evicted: a session whose
 * owner has no generation item is refused too (fail closed), so an eviction signs the owner's
 * sessions out (as the eviction of a session item does) and never brings a revoked one back.
 */

/** Driver field of a session item: the owner core passed when it was written. */
export const OWNER_STAMP_FIELD = `${DRIVER_FIELD_PREFIX}o`

/** Driver field of a session item: the generation tokens it is valid for, space-separated. */
export const GENERATION_STAMP_FIELD = `${DRIVER_FIELD_PREFIX}g`

/** Whether a session stamped `stamp` is valid under the owner's current `token`. */
export function isValidStamp(stamp: string | undefined, token: string | null): boolean {
  return token !== null && stamp?.split(' ').includes(token) === true
}

/** A new generation token. */
export function newToken(): string {
  return randomBytes(12).toString('base64url')
}

/** The generation items of one driver. */
export class OwnerGenerations {
  constructor(
    private readonly send: Transport,
    private readonly prefix: string,
  ) {}

  /** The key of `owner`'s generation item: as long as a session's, hashed apart from them. */
  key(owner: string): string {
    return this.prefix + hash('sha256', `owner:${owner}`, 'base64url')
  }

  /** The owner's current token; null when it has none (never set, or evicted). */
  async current(owner: string): Promise<string | null> {
    const item = await getWithCas(this.send, this.key(owner))
    return item ? item.value.toString('utf8') : null
  }

  /** The owner's current token, made now if it has none. */
  async ensure(owner: string): Promise<string> {
    for (;;) {
      const token = await this.current(owner)
      if (token !== null) return token
      const made = newToken()
      const added = await store(this.send, 'add', this.key(owner), made, 0)
      if (added.status === 'stored') return made
    }
  }

  /** Make `token` the owner's current one: every session not stamped with it is revoked. */
  async renew(owner: string, token: string): Promise<void> {
    const stored = await store(this.send, 'set', this.key(owner), token, 0)
    if (stored.status !== 'stored') {
      throw new SessionStorageUnavailableError(
        `memcached refused a generation item (${stored.status})`,
      )
    }
  }
}

/** Most storage ids whose owner a driver remembers, to fetch the generation beside the item. */
const MAX_HINTS = 10_000

/**
 * The owners of sessions this driver has seen, by storage id, so that a load can ask for the
 * owner's generation in the same round trip as the session item. A hint is only a guess of
 * which generation to fetch: the item's own owner field decides (a wrong guess costs one more
 * round trip). Bounded, oldest first out.
 */
export class OwnerHints {
  private readonly owners = new Map<string, string>()

  get(id: string): string | undefined {
    return this.owners.get(id)
  }

  set(id: string, owner: string): void {
    if (this.owners.get(id) === owner) return
    this.owners.set(id, owner)
    if (this.owners.size > MAX_HINTS) {
      const oldest = this.owners.keys().next().value
      if (oldest !== undefined) this.owners.delete(oldest)
    }
  }

  delete(id: string): void {
    this.owners.delete(id)
  }
}

import { randomBytes } from 'node:crypto'
import { COUNTER_FIELD, counterOf } from '../../session/session-fields.js'
import type { SessionTarget } from '../target.js'

/** The few key-value operations a floor needs, each one command of its client. */
export interface BlobClient {
  /** The value under `key`, its expiry restarted at `ttl` seconds (GETEX / GAT). */
  getAndTouch(key: string, ttl: number): Promise<string | null>
  /** The value under `key`. */
  get(key: string): Promise<string | null>
  /** Store `value` under `key` for `ttl` seconds. */
  set(key: string, value: string, ttl: number): Promise<void>
  /** Store `value` under `key` for `ttl` seconds unless the key exists; whether it was stored. */
  add(key: string, value: string, ttl: number): Promise<boolean>
  /** Remove `key`. */
  delete(key: string): Promise<void>
  /** Release the client. */
  close(): Promise<void>
}

/**
 * A raw-client floor: the session as one JSON blob, each cycle the fewest commands that keep
 * the guarantees of a session store: read = one get that slides the expiry; modify = get,
 * parse, change, stringify, set with expiry; create = add (never overwrites) of a random
 * 192-bit id; destroy = get and parse (the request loads it), then delete.
 */
export function blobFloorTarget(
  client: BlobClient,
  prefix: string,
  fields: Readonly<Record<string, unknown>>,
  ttl: number,
  name: string,
): SessionTarget {
  const parsed = (raw: string | null): Record<string, unknown> => {
    if (raw === null) throw new Error(`${name}: session not found`)
    return JSON.parse(raw) as Record<string, unknown>
  }
  return {
    async create() {
      const ref = randomBytes(24).toString('base64url')
      if (!(await client.add(prefix + ref, JSON.stringify(fields), ttl))) {
        throw new Error(`${name}: a new id was taken`)
      }
      return ref
    },
    async read(ref) {
      return counterOf(parsed(await client.getAndTouch(prefix + ref, ttl))[COUNTER_FIELD], name)
    },
    async modify(ref, afterRead) {
      const data = parsed(await client.get(prefix + ref))
      const counter = counterOf(data[COUNTER_FIELD], name)
      afterRead?.()
      data[COUNTER_FIELD] = counter + 1
      await client.set(prefix + ref, JSON.stringify(data), ttl)
      return counter
    },
    async destroy(ref) {
      parsed(await client.get(prefix + ref))
      await client.delete(prefix + ref)
    },
    close: () => client.close(),
  }
}

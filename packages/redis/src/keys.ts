/**
 * The keys one session occupies. The storage id is wrapped in a hash tag (`{...}`), so every
 * key of a session hashes to the same Redis Cluster slot and one script may touch them all.
 */
export interface SessionKeys {
  /** The hash holding the session's fields: `prefix + '{' + storageId + '}'`. */
  readonly record: string
  /** The companion hash of emulated field expiry times (field name → epoch ms). */
  readonly expiry: string
}

/** Suffix of the companion hash used where the server has no per-field TTL. */
export const EXPIRY_KEY_SUFFIX = ':exp'

/** The keys of the session stored under `storageId`. */
export function sessionKeys(prefix: string, storageId: string): SessionKeys {
  const record = `${prefix}{${storageId}}`
  return { record, expiry: record + EXPIRY_KEY_SUFFIX }
}

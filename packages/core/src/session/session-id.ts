import { hash, randomBytes } from 'node:crypto'

const ID_BYTES = 24
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/

/** A new session id: 192 bits from the CSPRNG, URL-safe base64 (32 characters). */
export function generateSessionId(): string {
  return randomBytes(ID_BYTES).toString('base64url')
}

/** Whether `value` has the exact shape of an id made by `generateSessionId`. */
export function isWellFormedSessionId(value: string): boolean {
  return ID_PATTERN.test(value)
}

/**
 * The id a driver stores a session under: SHA-256 of the session id, URL-safe base64.
 * A dump of the store therefore holds nothing that can be replayed as a cookie.
 */
export function storageIdOf(sessionId: string): string {
  return hash('sha256', sessionId, 'base64url')
}

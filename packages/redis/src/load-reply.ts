import { SessionStorageUnavailableError, type StoredFields } from '@sessionkit/core'

/**
 * The fields a load script returned: a flat list of name, value and expiry time (epoch ms,
 * negative for none), or null when the record does not exist.
 */
export function storedFieldsOf(reply: unknown): StoredFields | null {
  if (reply === null) return null
  if (!Array.isArray(reply) || reply.length % 3 !== 0) throw malformed()
  const entries: [string, { value: string; expiresAt?: number }][] = []
  for (let i = 0; i < reply.length; i += 3) {
    const [name, value, expiresAt] = [reply[i], reply[i + 1], Number(reply[i + 2])]
    if (typeof name !== 'string' || typeof value !== 'string') throw malformed()
    entries.push([name, expiresAt >= 0 ? { value, expiresAt } : { value }])
  }
  return Object.fromEntries(entries)
}

function malformed(): Error {
  return new SessionStorageUnavailableError('Redis returned an unexpected reply to a session load')
}

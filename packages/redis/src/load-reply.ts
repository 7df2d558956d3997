import { SessionStorageUnavailableError, type StoredFields } from '@sessionkit/core'

/**
 * The fields a load script returned: `[HGETALL reply, expiry time per field]` (flat name and
 * value list; epoch ms, negative for none), or null when the record does not exist.
 */
export function storedFieldsOf(reply: unknown): StoredFields | null {
  if (reply === null) return null
  if (!Array.isArray(reply) || reply.length !== 2) throw malformed()
  const [all, times] = reply as [unknown, unknown]
  if (!Array.isArray(all) || !Array.isArray(times) || all.length !== times.length * 2) {
    throw malformed()
  }
  const entries: [string, { value: string; expiresAt?: number }][] = []
  for (let i = 0; i < times.length; i++) {
    const [name, value, expiresAt] = [all[2 * i], all[2 * i + 1], Number(times[i])]
    if (typeof name !== 'string' || typeof value !== 'string') throw malformed()
    entries.push([name, expiresAt >= 0 ? { value, expiresAt } : { value }])
  }
  return Object.fromEntries(entries)
}

function malformed(): Error {
  return new SessionStorageUnavailableError('Redis returned an unexpected reply to a session load')
}

import { SessionStorageUnavailableError } from '@sessionkit/core'
import type { StoredField, StoredFields } from '@sessionkit/core/driver'

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
  const fields = new Map<string, StoredField>()
  for (let i = 0; i < times.length; i++) {
    const name: unknown = all[2 * i]
    const value: unknown = all[2 * i + 1]
    const expiresAt = Number(times[i])
    if (typeof name !== 'string' || typeof value !== 'string') throw malformed()
    fields.set(name, expiresAt >= 0 ? { value, expiresAt } : { value })
  }
  return fields
}

function malformed(): Error {
  return new SessionStorageUnavailableError('Redis returned an unexpected reply to a session load')
}

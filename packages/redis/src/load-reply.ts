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
  const fields: Record<string, StoredField> = {}
  for (let i = 0; i < times.length; i++) {
    const name: unknown = all[2 * i]
    const value: unknown = all[2 * i + 1]
    const expiresAt = Number(times[i])
    if (typeof name !== 'string' || typeof value !== 'string') throw malformed()
    const field = expiresAt >= 0 ? { value, expiresAt } : { value }
    // A plain assignment to '__proto__' would set the prototype instead of a field.
    if (name === '__proto__') {
      Object.defineProperty(fields, name, { value: field, enumerable: true, writable: true })
    } else fields[name] = field
  }
  return fields
}

function malformed(): Error {
  return new SessionStorageUnavailableError('Redis returned an unexpected reply to a session load')
}

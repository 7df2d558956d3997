import { SessionUnsupportedError } from '../errors.js'
import { decodeJsonValue } from '../session/json-value.js'
import type { Deadlines } from './deadlines.js'
import type { SessionDriver } from './driver.js'
import { RESERVED_FIELD_PREFIX } from './reserved-fields.js'
import type { SessionStorage, StoredSessionData } from './session-storage.js'

/** The enumeration a storage offers over its driver's optional `scan`. */
export function enumeration(
  driver: SessionDriver,
  deadlines: Deadlines,
  ttl: number,
): Required<Pick<SessionStorage, 'list' | 'count' | 'clear'>> {
  const ids = (): AsyncIterable<string> => {
    if (driver.scan) return driver.scan()
    throw new SessionUnsupportedError(
      'This session storage cannot enumerate its sessions (its backend has no scan)',
    )
  }
  return {
    async *list(): AsyncIterable<StoredSessionData> {
      for await (const id of ids()) {
        const record = await deadlines.run('read', () => driver.load(id, ttl))
        if (record === null) continue
        const data: Record<string, unknown> = {}
        for (const [name, field] of record.fields) {
          if (!name.startsWith(RESERVED_FIELD_PREFIX))
            data[name] = decodeJsonValue(name, field.value)
        }
        yield { data, expiresAt: record.expiresAt }
      }
    },
    async count() {
      let count = 0
      for await (const _ of ids()) count++
      return count
    },
    async clear() {
      for await (const id of ids()) await deadlines.run('destroy', () => driver.destroy(id))
    },
  }
}

import type { FieldWrite, StoredField } from '@sessionkit/core/driver'
import { sleep } from '../../support/time.js'
import type { ReferenceRecord, ReferenceServer } from '../reference-driver.js'

// What the broken drivers use to reach past the reference driver into its pretend server.

/** A short real pause inside a driver call, during which other calls run (a round trip). */
export const pause = (ms = 5): Promise<void> => sleep(ms)

/** The unexpired record `id`, without any of the reference driver's clean-up. */
export function liveRecord(
  server: ReferenceServer,
  prefix: string,
  id: string,
): ReferenceRecord | undefined {
  const record = server.get(prefix + id)
  return record && record.expiresAt > Date.now() ? record : undefined
}

/** A copy of `record` (its map and field objects), as a driver that read it holds it. */
export function copyRecord(record: ReferenceRecord): ReferenceRecord {
  return {
    expiresAt: record.expiresAt,
    fields: new Map([...record.fields].map(([name, field]) => [name, { ...field }])),
  }
}

/** Store `record` under `id`, replacing whatever is there (or creating it). */
export function putRecord(
  server: ReferenceServer,
  prefix: string,
  id: string,
  record: ReferenceRecord,
): void {
  server.set(prefix + id, record)
}

/** `writes` as stored fields, their TTLs turned into expiry times from now. */
export function storedFields(
  writes: Readonly<Record<string, FieldWrite>>,
): [string, StoredField][] {
  const now = Date.now()
  return Object.entries(writes).map(([name, { value, ttl }]) => [
    name,
    { value, expiresAt: ttl === undefined ? undefined : now + ttl * 1000 },
  ])
}

/** `writes` without their field TTLs. */
export function withoutTtls(
  writes: Readonly<Record<string, FieldWrite>>,
): Record<string, FieldWrite> {
  return Object.fromEntries(Object.entries(writes).map(([name, { value }]) => [name, { value }]))
}

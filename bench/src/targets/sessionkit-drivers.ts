import { randomBytes } from 'node:crypto'
import type { SessionStoreConfig } from '@sessionkit/core'
import type { SessionDriver, StoredRecord } from '@sessionkit/core/driver'
import { createMemcacheDriver } from '@sessionkit/memcache'
import { createMemoryDriver } from '@sessionkit/memory'
import { createRedisDriver } from '@sessionkit/redis'
import { COUNTER_FIELD, counterOf } from '../session/session-fields.js'
import { SESSIONKIT_ENTRIES, type SessionkitEntry } from './sessionkit.js'
import { DRIVER_TWIN_SUFFIX, type SessionTarget, type TargetDefinition } from './target.js'

/**
 * `--breakdown`: next to each selected sessionkit target (owned and traced variants aside), its
 * driver twin (`<name>~driver`): the same backend's driver, with the same options and server,
 * called directly with what core asks of it in each cycle. Core's part of a cycle is then the
 * difference between the two, measured side by side in one run (see `report/core-share.ts`).
 */
export function withDriverTwins(targets: readonly TargetDefinition[]): TargetDefinition[] {
  return targets.flatMap((target) => {
    const entry = SESSIONKIT_ENTRIES.find((e) => e.name === target.name)
    return entry ? [target, driverTwinOf(entry)] : [target]
  })
}

function driverTwinOf(entry: SessionkitEntry): TargetDefinition {
  const name = entry.name + DRIVER_TWIN_SUFFIX
  return {
    name,
    label: `${entry.label}, driver alone`,
    family: entry.family,
    kind: 'sessionkit',
    ...(entry.server ? { server: entry.server } : {}),
    floor: entry.floor,
    async open(options) {
      const driver = openDriver(entry.config(options, entry.name))
      return driverTarget(driver, options.fields, options.ttl, name)
    },
  }
}

/** The driver of the backend a storage configuration names, with the same options. */
function openDriver({ backend, ...options }: SessionStoreConfig): SessionDriver {
  switch (backend) {
    case 'memory':
      return createMemoryDriver(options)
    case 'redis':
    case 'valkey':
      return createRedisDriver(options)
    case 'memcache':
      return createMemcacheDriver(options)
  }
}

/**
 * The cycles on a driver as core drives it for an app's session: load the record, decode the
 * counter, save a one-field patch. What core adds around those calls (the id and its hash, the
 * `Session`, value checks, size and key limits, deadlines, the refresh policy) is left out, so
 * a session's ref is its storage id.
 */
function driverTarget(
  driver: SessionDriver,
  fields: Readonly<Record<string, unknown>>,
  ttl: number,
  name: string,
): SessionTarget {
  const writes = Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, { value: JSON.stringify(value) }]),
  )
  const load = async (ref: string): Promise<StoredRecord> => {
    const record = await driver.load(ref, ttl)
    if (record === null) throw new Error(`${name}: session not found`)
    return record
  }
  const counter = (record: StoredRecord) =>
    counterOf(JSON.parse(record.fields.get(COUNTER_FIELD)?.value ?? 'null'), name)
  return {
    async create() {
      const ref = randomBytes(24).toString('base64url')
      if (!(await driver.create(ref, writes, ttl))) throw new Error(`${name}: a new id was taken`)
      return ref
    },
    read: async (ref) => counter(await load(ref)),
    async modify(ref, afterRead) {
      const read = counter(await load(ref))
      afterRead?.()
      const patch = { set: { [COUNTER_FIELD]: { value: JSON.stringify(read + 1) } }, unset: [] }
      if (!(await driver.update(ref, patch, ttl))) throw new Error(`${name}: save lost the session`)
      return read
    },
    async destroy(ref) {
      await load(ref)
      await driver.destroy(ref)
    },
    close: async () => driver.close(),
  }
}

/**
 * The sessionkit targets: with `sessionkit-drivers.ts`, the only modules of the bench that
 * import sessionkit (servers aside). Each storage is built from a configuration object, as an
 * app would; the backend packages are loaded by core.
 */
import { tracingChannel } from 'node:diagnostics_channel'
import {
  createSessionStorageFromConfig,
  type SessionStorage,
  type SessionStoreConfig,
  STORAGE_CHANNELS,
  type StorageOperationContext,
} from '@sessionkit/core'
import { COUNTER_FIELD, counterOf } from '../session/session-fields.js'
import {
  endpointOf,
  type Family,
  hostPort,
  type OpenOptions,
  type ServerName,
  type SessionTarget,
  type TargetDefinition,
} from './target.js'

/** Memory storage bounds far above what a run stores: no eviction of the sessions read. */
const MEMORY_BOUNDS = { max: 10_000_000, maxBytes: 16 * 1024 ** 3 }

/** A sessionkit target's name, label, family, server, floor and storage configuration. */
export interface SessionkitEntry {
  readonly name: string
  readonly label: string
  readonly family: Family
  readonly server?: ServerName
  readonly floor: string
  readonly config: (options: OpenOptions, name: string) => SessionStoreConfig
}

/** The sessionkit targets, one per backend and client. */
export const SESSIONKIT_ENTRIES: readonly SessionkitEntry[] = [
  {
    name: 'sessionkit-memory',
    label: 'sessionkit memory',
    family: 'memory',
    floor: 'floor-map-json',
    config: ({ prefix, ttl }) => ({ backend: 'memory', prefix, ttl, ...MEMORY_BOUNDS }),
  },
  {
    name: 'sessionkit-redis',
    label: 'sessionkit redis (node-redis)',
    family: 'redis',
    server: 'redis8',
    floor: 'floor-node-redis',
    // redis:// uses node-redis unless `library` names another client.
    config: (options, name) => ({
      backend: 'redis',
      url: `redis://${hostPort(endpointOf(options, name))}`,
      prefix: options.prefix,
      ttl: options.ttl,
    }),
  },
  {
    name: 'sessionkit-redis-ioredis',
    label: 'sessionkit redis (ioredis)',
    family: 'redis',
    server: 'redis8',
    floor: 'floor-ioredis',
    config: (options, name) => ({
      backend: 'redis',
      url: `redis://${hostPort(endpointOf(options, name))}`,
      library: 'ioredis',
      prefix: options.prefix,
      ttl: options.ttl,
    }),
  },
  {
    name: 'sessionkit-valkey',
    label: 'sessionkit valkey (iovalkey)',
    family: 'valkey',
    server: 'valkey9',
    floor: 'floor-ioredis@valkey9',
    config: (options, name) => ({
      backend: 'valkey',
      url: `valkey://${hostPort(endpointOf(options, name))}`,
      prefix: options.prefix,
      ttl: options.ttl,
    }),
  },
  {
    name: 'sessionkit-memcache',
    label: 'sessionkit memcache (memjs)',
    family: 'memcache',
    server: 'memcached',
    floor: 'floor-memjs',
    config: (options, name) => ({
      backend: 'memcache',
      servers: [hostPort(endpointOf(options, name))],
      prefix: options.prefix,
      ttl: options.ttl,
    }),
  },
]

/** The targets whose sessions are also measured with an owner set (`-owned`). */
const OWNED = new Set([
  'sessionkit-memory',
  'sessionkit-redis',
  'sessionkit-valkey',
  'sessionkit-memcache',
])

/**
 * Every sessionkit target, and the `-owned` variants: the same cycles on sessions tied to an
 * owner (`setOwner` at creation, one user per session), for the cost of sessions per user.
 */
export const SESSIONKIT_TARGETS: readonly TargetDefinition[] = SESSIONKIT_ENTRIES.flatMap(
  (entry) =>
    OWNED.has(entry.name)
      ? [definitionOf(entry, false), definitionOf(entry, false, true)]
      : [definitionOf(entry, false)],
)

function definitionOf(entry: SessionkitEntry, traced: boolean, owned = false): TargetDefinition {
  const base = owned ? `${entry.name}-owned` : entry.name
  const name = traced ? `${base}+trace` : base
  const label = owned ? `${entry.label}, owner set` : entry.label
  return {
    name,
    label: traced ? `${label}, traced` : label,
    family: entry.family,
    kind: 'sessionkit',
    ...(entry.server ? { server: entry.server } : {}),
    floor: entry.floor,
    async open(options) {
      const storage = await createSessionStorageFromConfig(entry.config(options, entry.name))
      return storageTarget(storage, options.fields, name, traced, owned)
    },
  }
}

/** The cycles on a sessionkit storage: read, work on the `Session`, save, as the middleware does. */
function storageTarget(
  storage: SessionStorage,
  fields: Readonly<Record<string, unknown>>,
  name: string,
  traced: boolean,
  owned: boolean,
): SessionTarget {
  let users = 0
  const load = async (ref: string) => {
    tracer.set(traced)
    const session = await storage.read(ref)
    if (session.isNew) throw new Error(`${name}: session not found`)
    return session
  }
  return {
    async create() {
      tracer.set(traced)
      const session = await storage.read(null)
      if (owned) session.setOwner(`user-${++users}`, { userAgent: 'bench' })
      for (const [key, value] of Object.entries(fields)) session.set(key, value)
      const cookie = await storage.save(session)
      if (!cookie) throw new Error(`${name}: a new session was not stored`)
      return cookie
    },
    async read(ref) {
      const session = await load(ref)
      const counter = counterOf(session.get(COUNTER_FIELD), name)
      await storage.save(session)
      return counter
    },
    async modify(ref, afterRead) {
      const session = await load(ref)
      const counter = counterOf(session.get(COUNTER_FIELD), name)
      afterRead?.()
      session.set(COUNTER_FIELD, counter + 1)
      if ((await storage.save(session)) !== ref) throw new Error(`${name}: save lost the session`)
      return counter
    },
    async destroy(ref) {
      const session = await load(ref)
      session.destroy()
      await storage.save(session)
    },
    close: () => storage.close(),
  }
}

/**
 * `--trace`: next to each selected sessionkit target, its traced twin (`<name>+trace`): the
 * same storage, with a subscriber on every sessionkit storage tracing channel while, and only
 * while, the twin's cycles run (each sessionkit cycle switches it on or off first; the pre-roll
 * before every timed repetition does the switching). So both are measured side by side in one
 * run, with the same ratios to the peers and floors.
 */
export function withTracedTwins(targets: readonly TargetDefinition[]): TargetDefinition[] {
  return targets.flatMap((target) => {
    const owned = target.name.endsWith('-owned')
    const entry = SESSIONKIT_ENTRIES.find((e) => e.name === target.name.replace(/-owned$/, ''))
    return entry ? [target, definitionOf(entry, true, owned)] : [target]
  })
}

/** What the `--trace` subscriber saw, by backend, operation and outcome. */
export function tracedSummary(): string {
  return [...tracer.totals]
    .map(([key, { count, ms }]) => `${key} ×${count} (mean ${((ms / count) * 1000).toFixed(1)} µs)`)
    .join('; ')
}

/**
 * A subscriber as a metrics exporter would attach: it sums durations per backend, operation and
 * outcome; `set(on)` subscribes or unsubscribes it.
 */
const tracer = (() => {
  const totals = new Map<string, { count: number; ms: number }>()
  const noop = () => {}
  const handlers = {
    start: noop,
    end: noop,
    asyncStart: noop,
    error: noop,
    asyncEnd: ({ backend, operation, outcome, duration }: StorageOperationContext) => {
      const key = `${backend} ${operation} ${outcome}`
      const total = totals.get(key)
      if (total) {
        total.count++
        total.ms += duration ?? 0
      } else totals.set(key, { count: 1, ms: duration ?? 0 })
    },
  }
  const channels = Object.values(STORAGE_CHANNELS).map((name) =>
    tracingChannel<unknown, StorageOperationContext>(name),
  )
  let subscribed = false
  return {
    totals,
    set(on: boolean) {
      if (on === subscribed) return
      subscribed = on
      for (const channel of channels) {
        if (on) channel.subscribe(handlers)
        else channel.unsubscribe(handlers)
      }
    },
  }
})()

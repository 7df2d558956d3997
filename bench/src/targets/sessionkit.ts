/**
 * The sessionkit targets: the only module of the bench that imports sessionkit (servers aside).
 * Each storage is built from a configuration object, as an app would; the backend packages
 * are loaded by core.
 */
import {
  createSessionStorageFromConfig,
  type SessionStorage,
  type SessionStoreConfig,
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

interface SessionkitEntry {
  readonly name: string
  readonly label: string
  readonly family: Family
  readonly server?: ServerName
  readonly floor: string
  readonly config: (options: OpenOptions, name: string) => SessionStoreConfig
}

const ENTRIES: readonly SessionkitEntry[] = [
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

/** The target of `entry`; `owned`: each session it creates is tied to a user of its own. */
function definition(entry: SessionkitEntry, owned: boolean): TargetDefinition {
  const name = owned ? `${entry.name}-owned` : entry.name
  return {
    name,
    label: owned ? `${entry.label}, owner set` : entry.label,
    family: entry.family,
    kind: 'sessionkit',
    ...(entry.server ? { server: entry.server } : {}),
    floor: entry.floor,
    async open(options) {
      const storage = await createSessionStorageFromConfig(entry.config(options, name))
      return storageTarget(storage, options.fields, name, owned)
    },
  }
}

/**
 * Every sessionkit target, and the `-owned` variants: the same cycles on sessions tied to an
 * owner (`setOwner` at creation), for the cost of sessions per user on each backend.
 */
export const SESSIONKIT_TARGETS: readonly TargetDefinition[] = ENTRIES.flatMap((entry) =>
  OWNED.has(entry.name)
    ? [definition(entry, false), definition(entry, true)]
    : [definition(entry, false)],
)

/** The cycles on a sessionkit storage: read, work on the `Session`, save, as the middleware does. */
function storageTarget(
  storage: SessionStorage,
  fields: Readonly<Record<string, unknown>>,
  name: string,
  owned: boolean,
): SessionTarget {
  let users = 0
  const load = async (ref: string) => {
    const session = await storage.read(ref)
    if (session.isNew) throw new Error(`${name}: session not found`)
    return session
  }
  return {
    async create() {
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

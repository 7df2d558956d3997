import type { SessionBackendName } from './config-schema.js'

/** Where the factory of a backend lives, and what to install to get it. */
export interface BackendEntry {
  /** Package to import. */
  readonly packageName: string
  /** Name of the factory it exports, called with the configuration minus `backend`. */
  readonly factory: string
  /** The npm install command that provides the package and its client. */
  readonly install: string
}

/** The package behind each backend name; core imports it only when a config names it. */
export const BACKENDS: Readonly<Record<SessionBackendName, BackendEntry>> = {
  memory: {
    packageName: '@sessionkit/memory',
    factory: 'createMemorySessionStorage',
    install: 'npm install @sessionkit/memory',
  },
  redis: {
    packageName: '@sessionkit/redis',
    factory: 'createRedisSessionStorage',
    install: 'npm install @sessionkit/redis ioredis',
  },
  valkey: {
    packageName: '@sessionkit/redis',
    factory: 'createRedisSessionStorage',
    install: 'npm install @sessionkit/redis iovalkey',
  },
  memcache: {
    packageName: '@sessionkit/memcache',
    factory: 'createMemcacheSessionStorage',
    install: 'npm install @sessionkit/memcache',
  },
}

/** Where a backend lives, and how to get it. */
export interface BackendPackage {
  /** The package core imports; it exports a `sessionBackend`. */
  readonly packageName: string
  /** The npm command that installs the package and the client it needs. */
  readonly install: string
  /** The store URL schemes (without `:`) that stand for this backend. */
  readonly schemes: readonly string[]
}

/** The backends a configuration can name; core imports one only when a configuration does. */
export const BACKENDS = {
  memory: {
    packageName: '@sessionkit/memory',
    install: 'npm install @sessionkit/memory',
    schemes: ['memory'],
  },
  redis: {
    packageName: '@sessionkit/redis',
    install: 'npm install @sessionkit/redis redis',
    schemes: ['redis', 'rediss', 'redis+sentinel'],
  },
  valkey: {
    packageName: '@sessionkit/redis',
    install: 'npm install @sessionkit/redis iovalkey',
    schemes: ['valkey', 'valkeys', 'valkey+sentinel'],
  },
  memcache: {
    packageName: '@sessionkit/memcache',
    install: 'npm install @sessionkit/memcache',
    schemes: ['memcache', 'memcached'],
  },
} as const satisfies Record<string, BackendPackage>

/** The name of a backend a configuration can use. */
export type SessionBackendName = keyof typeof BACKENDS

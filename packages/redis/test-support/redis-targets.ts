import { randomBytes } from 'node:crypto'
import type { RedisFlavor, TestServer, TlsTestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import type { ClientLibrary } from '../src/clients/client-types.js'

/** The client packages, as test titles name them. */
export const LIBRARY_NAMES: Readonly<Record<ClientLibrary, string>> = {
  redis: 'node-redis',
  ioredis: 'ioredis',
  iovalkey: 'iovalkey',
}

/** A standalone server flavor under test through one client package. */
export interface StandaloneTarget {
  readonly flavor: RedisFlavor
  /** Display name for test titles. */
  readonly name: string
  /** The URL scheme the storage is given. */
  readonly scheme: 'redis' | 'valkey'
  /** The client package the storage is told to use. */
  readonly library: ClientLibrary
  /** The field TTL support the storage must detect. */
  readonly fieldTtl: 'native' | 'emulated'
  /** Whether the storage keeps its record cache (default true). */
  readonly cache?: boolean
}

const FLAVORS = [
  { flavor: 'redis8', server: 'Redis 8', scheme: 'redis', fieldTtl: 'native' },
  { flavor: 'valkey9', server: 'Valkey 9', scheme: 'valkey', fieldTtl: 'native' },
  { flavor: 'valkey8', server: 'Valkey 8.1', scheme: 'valkey', fieldTtl: 'emulated' },
] as const

/** Every standalone server flavor (Redis 8, Valkey 9, Valkey 8.1) with every client package. */
export const STANDALONE_TARGETS: readonly StandaloneTarget[] = FLAVORS.flatMap(
  ({ flavor, server, scheme, fieldTtl }) =>
    (['redis', 'ioredis', 'iovalkey'] as const).map((library) => ({
      flavor,
      name: `${server} (${LIBRARY_NAMES[library]})`,
      scheme,
      library,
      fieldTtl,
    })),
)

/** The targets of one server flavor, one per client package. */
export function targetsOf(flavor: RedisFlavor): readonly StandaloneTarget[] {
  return STANDALONE_TARGETS.filter((target) => target.flavor === flavor)
}

/** One target per server flavor, each through its scheme's default client (fewer servers to start). */
export const DEFAULT_CLIENT_TARGETS: readonly StandaloneTarget[] = STANDALONE_TARGETS.filter(
  (target) => target.library === (target.scheme === 'redis' ? 'redis' : 'iovalkey'),
)

/** The server's URL with the target's scheme. */
export function targetUrl(server: TestServer, target: StandaloneTarget): string {
  return `${target.scheme}://${server.host}:${server.port}`
}

/** A key prefix no other test uses. */
export function uniqueTestPrefix(): string {
  return `sk-redis-test:${randomBytes(6).toString('hex')}:`
}

/** A plain ioredis client, to look at what the storage wrote. Quit it in afterAll. */
export function rawClient(server: { host: string; port: number }): Redis {
  return new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: 1 })
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

/** A plain ioredis client over TLS, trusting the server's CA. Quit it in afterAll. */
export function rawTlsClient(server: TlsTestServer): Redis {
  const { host, port, tls } = server
  return new Redis({ host, port, tls: { ca: tls.ca }, maxRetriesPerRequest: 1 })
}

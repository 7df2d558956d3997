import { randomBytes } from 'node:crypto'
import type { RedisFlavor, TestServer, TlsTestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'

/** A standalone server flavor under test, with the URL scheme (and so the client) it is used with. */
export interface StandaloneTarget {
  readonly flavor: RedisFlavor
  /** Display name for test titles. */
  readonly name: string
  /** 'redis' (ioredis) or 'valkey' (iovalkey). */
  readonly scheme: 'redis' | 'valkey'
  /** The field TTL support the storage must detect. */
  readonly fieldTtl: 'native' | 'emulated'
}

/** Redis 8 with ioredis, Valkey 9 and Valkey 8.1 with iovalkey. */
export const STANDALONE_TARGETS: readonly StandaloneTarget[] = [
  { flavor: 'redis8', name: 'Redis 8 (ioredis)', scheme: 'redis', fieldTtl: 'native' },
  { flavor: 'valkey9', name: 'Valkey 9 (iovalkey)', scheme: 'valkey', fieldTtl: 'native' },
  { flavor: 'valkey8', name: 'Valkey 8.1 (iovalkey)', scheme: 'valkey', fieldTtl: 'emulated' },
]

/** The server's URL with the target's scheme (`valkey://` makes the storage use iovalkey). */
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

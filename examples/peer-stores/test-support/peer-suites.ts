import {
  type ConformanceTarget,
  type DriverConformanceTarget,
  testSessionDriver,
  testSessionStorage,
} from '@sessionkit/conformance'
import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import { startMemcachedServer, startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { type PeerServers, type PeerTarget, peerTargets } from '../src/peers.js'

/**
 * Register the storage and driver suites for the peer `name` in the calling test file, with
 * throwaway Redis and memcached servers for the file.
 */
export function peerSuites(name: string): void {
  let redis: TestServer | undefined
  let memcached: TestServer | undefined
  const servers: PeerServers = { redisUrl: '', memcachedAddress: '' }
  beforeAll(async () => {
    ;[redis, memcached] = await Promise.all([startRedisServer('redis8'), startMemcachedServer()])
    servers.redisUrl = redis.url
    servers.memcachedAddress = memcached.url
  })
  afterAll(async () => {
    await Promise.all([redis?.stop(), memcached?.stop()])
  })
  const peer = peerTargets(servers).find((target) => target.name === name)
  if (!peer) throw new Error(`No peer target "${name}"`)
  testSessionStorage(storageTarget(peer))
  testSessionDriver(driverTarget(peer))
}

/** The storage-level target of a peer: core's createSessionStorage over its driver. */
export function storageTarget(peer: PeerTarget): ConformanceTarget {
  return {
    name: peer.name,
    createStorage: async ({ prefix, ...options }) =>
      createSessionStorage(await peer.createDriver(prefix), options),
    ...(peer.createUnreachableDriver
      ? {
          createUnreachableStorage: async (options: { timeout: number }) =>
            createSessionStorage(
              (await peer.createUnreachableDriver?.(options.timeout)) as SessionDriver,
              options,
            ),
        }
      : {}),
    capabilities: { fieldTtl: 'none' },
  }
}

/** The driver-level target of a peer. */
export function driverTarget(peer: PeerTarget): DriverConformanceTarget {
  return {
    name: peer.name,
    createDriver: ({ prefix }) => peer.createDriver(prefix),
    ...(peer.createUnreachableDriver
      ? {
          createUnreachableDriver: ({ timeout }: { timeout: number }) =>
            peer.createUnreachableDriver?.(timeout) as Promise<SessionDriver>,
        }
      : {}),
    capabilities: { fieldTtl: 'none' },
  }
}

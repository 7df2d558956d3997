import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import { startMemcachedServer, startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { driverTarget, type PeerServers, peerTargets, storageTarget } from './peer-targets.js'

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

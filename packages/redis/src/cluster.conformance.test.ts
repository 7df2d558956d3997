import { testSessionStorage } from '@sessionkit/conformance'
import { startRedisCluster, type TestCluster } from '@sessionkit/test-servers'
import { Cluster as IoredisCluster } from 'ioredis'
import { Cluster as IovalkeyCluster } from 'iovalkey'
import { createCluster } from 'redis'
import { afterAll, beforeAll } from 'vitest'
import { type ClusterClient, connectCluster } from '../test-support/clusters.js'
import { LIBRARY_NAMES } from '../test-support/redis-targets.js'
import { connected, REFUSING_PORT } from '../test-support/standalone-conformance.js'
import type { ClientLibrary } from './clients/client-types.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The shared conformance suite on one Redis 8 Cluster (3 masters), through a cluster client of
// each package handed to the storage as `client`, which the storage leaves open.
let cluster: TestCluster
const clients = new Map<ClientLibrary, ClusterClient>()
const cleanups: (() => void)[] = []

beforeAll(async () => {
  cluster = await startRedisCluster('redis8')
  for (const library of ['redis', 'ioredis', 'iovalkey'] as const) {
    clients.set(library, await connectCluster(library, cluster))
  }
})

afterAll(async () => {
  for (const cleanup of cleanups) cleanup()
  for (const client of clients.values()) await client.quit()
  await cluster?.stop()
})

/** A cluster client of `library` whose only node refuses connections. */
function unreachableCluster(library: ClientLibrary) {
  if (library === 'redis') {
    const client = createCluster({ rootNodes: [{ socket: { port: REFUSING_PORT } }] })
    client.on('error', () => {})
    client.connect().catch(() => {})
    cleanups.push(() => client.destroy())
    return client
  }
  const Cluster = library === 'ioredis' ? IoredisCluster : IovalkeyCluster
  const client = new Cluster([{ host: '127.0.0.1', port: REFUSING_PORT }])
  client.on('error', () => {})
  cleanups.push(() => client.disconnect())
  return client
}

for (const library of ['redis', 'ioredis', 'iovalkey'] as const) {
  testSessionStorage({
    name: `redis: Redis 8 Cluster through a ${LIBRARY_NAMES[library]} cluster client`,
    createStorage: (options) => {
      const client = clients.get(library)?.client
      if (!client) throw new Error('cluster client not connected')
      return connected(createRedisSessionStorage({ client, ...options }))
    },
    createUnreachableStorage: ({ timeout }) =>
      createRedisSessionStorage({ client: unreachableCluster(library) as never, timeout }),
    capabilities: { fieldTtl: 'native', owners: 'list' },
  })
}

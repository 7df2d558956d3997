import { testSessionStorage } from '@sessionkit/conformance'
import { startRedisCluster, type TestCluster } from '@sessionkit/test-servers'
import { Cluster } from 'ioredis'
import { afterAll, beforeAll } from 'vitest'
import { connected, REFUSING_PORT } from '../test-support/standalone-conformance.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The shared conformance suite on a Redis 8 Cluster (3 masters) through an ioredis Cluster
// client handed to the storage as `client`, which the storage leaves open.
let cluster: TestCluster
let client: Cluster
const unreachableClients: Cluster[] = []

beforeAll(async () => {
  cluster = await startRedisCluster('redis8')
  client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } })
  // Connect to every master now: the client opens node connections lazily, and one opened
  // during the close() case would count as a socket the storage left behind.
  await new Promise((resolve) => client.once('ready', resolve))
  await Promise.all(client.nodes('master').map((node) => node.ping()))
})

afterAll(async () => {
  for (const unreachable of unreachableClients) unreachable.disconnect()
  await client?.quit()
  await cluster?.stop()
})

testSessionStorage({
  name: 'redis: Redis 8 Cluster through an ioredis Cluster client',
  createStorage: (options) => connected(createRedisSessionStorage({ client, ...options })),
  createUnreachableStorage: ({ timeout }) => {
    const unreachable = new Cluster([{ host: '127.0.0.1', port: REFUSING_PORT }])
    unreachable.on('error', () => {})
    unreachableClients.push(unreachable)
    return createRedisSessionStorage({ client: unreachable, timeout })
  },
  capabilities: { fieldTtl: 'native' },
})

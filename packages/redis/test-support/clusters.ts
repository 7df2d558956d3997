import type { TestCluster } from '@sessionkit/test-servers'
import { Cluster as IoredisCluster } from 'ioredis'
import { Cluster as IovalkeyCluster } from 'iovalkey'
import { createCluster } from 'redis'
import type { ClientLibrary, RedisClientLike } from '../src/clients/client-types.js'

/** A cluster client of one package, connected to every master, and how to close it. */
export interface ClusterClient {
  readonly library: ClientLibrary
  readonly client: RedisClientLike
  /** Run a command on the node that holds `key`. */
  command(key: string, args: string[]): Promise<unknown>
  quit(): Promise<void>
}

/**
 * Connect a cluster client of `library` to `cluster`, with every master's connection open (the
 * clients open node connections lazily, and one opened later would count as a socket the
 * storage left behind).
 */
export async function connectCluster(
  library: ClientLibrary,
  cluster: TestCluster,
): Promise<ClusterClient> {
  if (library === 'redis') {
    const client = createCluster({
      rootNodes: cluster.nodes.map(({ host, port }) => ({ socket: { host, port } })),
      // As the storage configures the clients it opens: no timer per command (node-redis 6
      // arms one by default, which outlives a closed storage); core's timeout bounds each call.
      commandOptions: { timeout: 0 },
    })
    client.on('error', () => {})
    await client.connect()
    await Promise.all(
      client.masters.map(async (master) => (await client.nodeClient(master)).ping()),
    )
    return {
      library,
      client: client as unknown as RedisClientLike,
      command: (key, args) => client.sendCommand(key, false, args),
      quit: () => client.close(),
    }
  }
  const Cluster = library === 'ioredis' ? IoredisCluster : IovalkeyCluster
  const client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } })
  await new Promise((resolve) => client.once('ready', resolve))
  await Promise.all(client.nodes('master').map((node) => node.ping()))
  return {
    library,
    client: client as unknown as RedisClientLike,
    command: (_key, [name = '', ...args]) => client.call(name, ...args),
    quit: async () => {
      await client.quit()
    },
  }
}

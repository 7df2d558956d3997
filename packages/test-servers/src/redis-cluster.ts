import { Wait } from 'testcontainers'
import { externalList, redisBinaries, redisImage } from './config.js'
import { startSpec, withPortRetries } from './container-spec.js'
import { removeContainer } from './engine.js'
import { parseHostPort } from './external-server.js'
import { pickFreePort } from './free-port.js'
import { pollUntil, waitUntilRefusing } from './readiness.js'
import { redisServerOptions } from './redis-server.js'
import { respCommand } from './resp.js'
import type { RedisFlavor, TestCluster } from './types.js'

const EXTERNAL = 'SESSIONKIT_REDIS_CLUSTER_NODES'
const MASTERS = 3

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`

/** How a test cluster is configured beyond the defaults. */
export interface RedisClusterOptions {
  /**
   * `cluster-require-full-coverage` (default true, the server's default): whether the masters
   * refuse every command while some slot has no serving master. false: the others serve on.
   */
  readonly requireFullCoverage?: boolean
  /** `cluster-node-timeout` in ms: how long before an unreachable node is marked failed. */
  readonly nodeTimeout?: number
}

const pidFile = (port: number) => `/tmp/redis-${port}.pid`

function clusterNodeCommand(server: string, port: number, options: RedisClusterOptions): string {
  return [
    server,
    ...redisServerOptions(port),
    ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
    ...['--cluster-announce-ip', '127.0.0.1', '--dir', '/tmp', '--pidfile', pidFile(port)],
    ...(options.requireFullCoverage === false ? ['--cluster-require-full-coverage', 'no'] : []),
    ...(options.nodeTimeout ? ['--cluster-node-timeout', String(options.nodeTimeout)] : []),
  ]
    .map(shellQuote)
    .join(' ')
}

async function clusterIsOk(host: string, port: number): Promise<boolean> {
  const info = await respCommand(host, port, ['CLUSTER', 'INFO']).catch(() => '')
  return info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${MASTERS}`)
}

/**
 * Starts a throwaway Redis Cluster (3 masters, no replicas) in one container and resolves once
 * every node reports `cluster_state:ok`; or returns the nodes of `SESSIONKIT_REDIS_CLUSTER_NODES`.
 * Nodes announce 127.0.0.1, so clients on this host can follow MOVED redirects. `options` sets
 * `cluster-require-full-coverage` and `cluster-node-timeout` (not for an external cluster).
 * Stop it in `afterAll`.
 */
export async function startRedisCluster(
  flavor: RedisFlavor = 'redis8',
  options: RedisClusterOptions = {},
): Promise<TestCluster> {
  const external = externalList(EXTERNAL)
  if (external) {
    return {
      nodes: external.map((address) => parseHostPort(address, EXTERNAL)),
      stop: () => Promise.resolve(),
      killNode: () =>
        Promise.reject(new Error(`Cannot kill a node of the external cluster ${EXTERNAL}`)),
    }
  }
  const { server, cli } = redisBinaries(flavor)
  return withPortRetries(async () => {
    const ports: number[] = []
    for (let i = 0; i < MASTERS; i++) ports.push(await pickFreePort(true))
    const script = `${ports.map((port) => `${clusterNodeCommand(server, port, options)} &`).join('\n')}\nwait`
    const { container, host } = await startSpec({
      image: redisImage(flavor),
      command: ['sh', '-c', script],
      ports,
      waitStrategy: () => Wait.forLogMessage('Ready to accept connections', MASTERS),
    })
    try {
      const create = await container.exec([
        cli,
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ])
      if (create.exitCode !== 0) throw new Error(`${cli} --cluster create failed: ${create.output}`)
      for (const port of ports) {
        await pollUntil(() => clusterIsOk(host, port), `cluster_state:ok on ${host}:${port}`)
      }
    } catch (error) {
      await removeContainer(container).catch(() => undefined)
      throw error
    }
    let stopped = false
    return {
      nodes: ports.map((port) => ({ host, port })),
      async killNode(index) {
        const port = ports[index]
        if (port === undefined) throw new Error(`The cluster has no node ${index}`)
        const kill = await container.exec(['sh', '-c', `kill -9 "$(cat ${pidFile(port)})"`])
        if (kill.exitCode !== 0) throw new Error(`Killing node ${port} failed: ${kill.output}`)
        await waitUntilRefusing(host, port)
      },
      async stop() {
        if (stopped) return
        stopped = true
        await removeContainer(container)
      },
    }
  })
}

import { Wait } from 'testcontainers'
import { redisBinaries, redisImage } from './config.js'
import { startSpec, withPortRetries } from './container-spec.js'
import { removeContainer } from './engine.js'
import { pickFreePort } from './free-port.js'
import { pollUntil, waitUntilRefusing } from './readiness.js'
import { redisServerOptions } from './redis-server.js'
import { respCommand } from './resp.js'
import type { RedisFlavor } from './types.js'

/** The name the Sentinels know the primary by. */
const PRIMARY_NAME = 'sessionkit'
const SENTINELS = 3
/** How long the Sentinels wait before they call an unanswering primary down, in ms. */
const DOWN_AFTER = 1_000

/** A primary, a replica and three Sentinels watching them, all on this host. */
export interface TestSentinelGroup {
  /** The name the Sentinels know the primary by. */
  readonly name: string
  /** The Sentinels' addresses. */
  readonly sentinels: readonly { host: string; port: number }[]
  /** `redis+sentinel://HOST:PORT,HOST:PORT,HOST:PORT/NAME`. */
  readonly url: string
  /** The primary's address as the Sentinels report it now. */
  primary(): Promise<{ host: string; port: number }>
  /**
   * Kills the current primary with SIGKILL and resolves once the Sentinels have promoted the
   * replica (with the address of the new primary).
   */
  killPrimary(): Promise<{ host: string; port: number }>
  /** Stops every server for good. */
  stop(): Promise<void>
}

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`
const pidFile = (port: number) => `/tmp/redis-${port}.pid`

function dataNodeCommand(server: string, port: number, primaryPort?: number): string {
  return [
    server,
    ...redisServerOptions(port),
    ...['--pidfile', pidFile(port), '--dir', '/tmp'],
    ...(primaryPort === undefined ? [] : ['--replicaof', '127.0.0.1', String(primaryPort)]),
  ]
    .map(shellQuote)
    .join(' ')
}

function sentinelScript(server: string, port: number, primaryPort: number): string {
  const config = [
    `port ${port}`,
    'bind 127.0.0.1',
    'protected-mode no',
    'dir /tmp',
    `sentinel monitor ${PRIMARY_NAME} 127.0.0.1 ${primaryPort} 2`,
    `sentinel down-after-milliseconds ${PRIMARY_NAME} ${DOWN_AFTER}`,
    `sentinel failover-timeout ${PRIMARY_NAME} 10000`,
  ].join('\\n')
  const file = `/tmp/sentinel-${port}.conf`
  return `printf '${config}\\n' > ${file} && ${server} ${file} --sentinel`
}

/** The `master0:` line of a Sentinel's INFO, as fields. */
async function sentinelView(host: string, port: number): Promise<Record<string, string>> {
  const info = await respCommand(host, port, ['INFO', 'sentinel']).catch(() => '')
  const line = info.split('\r\n').find((l) => l.startsWith('master0:')) ?? ''
  return Object.fromEntries(
    line
      .slice('master0:'.length)
      .split(',')
      .map((pair) => pair.split('=') as [string, string]),
  )
}

function parseAddress(address: string | undefined): { host: string; port: number } {
  const at = address?.lastIndexOf(':') ?? -1
  if (!address || at < 0) throw new Error(`No primary address in "${address}"`)
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) }
}

/**
 * Starts a primary, one replica and three Sentinels (quorum 2, `down-after-milliseconds` 1000)
 * in one container, and resolves once every Sentinel sees the primary with its replica and the
 * two other Sentinels, and the replica is in sync. Always a container (no external variant).
 * Stop it in `afterAll`.
 */
export async function startRedisSentinel(
  flavor: RedisFlavor = 'redis8',
): Promise<TestSentinelGroup> {
  const { server } = redisBinaries(flavor)
  return withPortRetries(async () => {
    const ports: number[] = []
    for (let i = 0; i < 2 + SENTINELS; i++) ports.push(await pickFreePort())
    const [primaryPort = 0, replicaPort = 0, ...sentinelPorts] = ports
    const script = [
      `${dataNodeCommand(server, primaryPort)} &`,
      `${dataNodeCommand(server, replicaPort, primaryPort)} &`,
      ...sentinelPorts.map((port) => `(${sentinelScript(server, port, primaryPort)}) &`),
      'wait',
    ].join('\n')
    const { container, host } = await startSpec({
      image: redisImage(flavor),
      command: ['sh', '-c', script],
      ports,
      waitStrategy: () => Wait.forLogMessage('Ready to accept connections', 2),
    })
    const sentinels = sentinelPorts.map((port) => ({ host, port }))
    const primary = async () =>
      parseAddress((await sentinelView(host, sentinelPorts[0] ?? 0)).address)
    try {
      for (const port of sentinelPorts) {
        await pollUntil(async () => {
          const view = await sentinelView(host, port)
          return view.status === 'ok' && view.slaves === '1' && view.sentinels === String(SENTINELS)
        }, `Sentinel on ${host}:${port} to see the primary, its replica and the other Sentinels`)
      }
      await pollUntil(
        async () =>
          (await respCommand(host, replicaPort, ['INFO', 'replication']).catch(() => '')).includes(
            'master_link_status:up',
          ),
        `the replica on ${host}:${replicaPort} to be in sync`,
      )
    } catch (error) {
      await removeContainer(container).catch(() => undefined)
      throw error
    }
    let stopped = false
    return {
      name: PRIMARY_NAME,
      sentinels,
      url: `redis+sentinel://${sentinels.map((s) => `${s.host}:${s.port}`).join(',')}/${PRIMARY_NAME}`,
      primary,
      async killPrimary() {
        const before = await primary()
        const kill = await container.exec(['sh', '-c', `kill -9 "$(cat ${pidFile(before.port)})"`])
        if (kill.exitCode !== 0) throw new Error(`Killing the primary failed: ${kill.output}`)
        await waitUntilRefusing(before.host, before.port)
        let after = before
        await pollUntil(async () => {
          after = await primary()
          return after.port !== before.port
        }, 'the Sentinels to promote the replica')
        return after
      },
      async stop() {
        if (stopped) return
        stopped = true
        await removeContainer(container)
      },
    }
  })
}

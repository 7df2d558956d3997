import { externalList, memcachedImage } from './config.js'
import { containerServer } from './container-server.js'
import { bindAddress, startSpec, withPortRetries } from './container-spec.js'
import { externalServer, parseHostPort } from './external-server.js'
import { pickFreePort } from './free-port.js'
import { ServingWaitStrategy } from './serving-wait-strategy.js'
import type { TestServer, TestServerPool } from './types.js'

const EXTERNAL = 'SESSIONKIT_MEMCACHED_SERVERS'

async function startMemcachedContainer(): Promise<TestServer> {
  return withPortRetries(async () => {
    const port = await pickFreePort()
    const { container, host } = await startSpec({
      image: memcachedImage(),
      // -u only matters when the image runs as root; -U 0 turns UDP off.
      command: [
        'memcached',
        ...['-p', String(port), '-U', '0', '-l', bindAddress(), '-m', '64', '-u', 'nobody'],
      ],
      ports: [port],
      waitStrategy: (host) => new ServingWaitStrategy('memcached', host, port),
    })
    return containerServer('memcached', container, host, port)
  })
}

function externalPool(size: number): TestServer[] | undefined {
  const addresses = externalList(EXTERNAL)
  if (!addresses) return undefined
  if (addresses.length < size) {
    throw new Error(`${EXTERNAL} lists ${addresses.length} server(s), the test needs ${size}`)
  }
  return addresses.slice(0, size).map((address) => {
    const { host, port } = parseHostPort(address, EXTERNAL)
    return externalServer(host, port, `${host}:${port}`, EXTERNAL)
  })
}

/**
 * Starts `size` throwaway memcached servers in parallel (or returns the first `size` of
 * `SESSIONKIT_MEMCACHED_SERVERS`). If one fails to start, the others are stopped.
 */
export async function startMemcachedPool(size: number): Promise<TestServerPool> {
  const servers =
    externalPool(size) ??
    (await (async () => {
      const results = await Promise.allSettled(
        Array.from({ length: size }, () => startMemcachedContainer()),
      )
      const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
      const failed = results.find((r) => r.status === 'rejected')
      if (failed) {
        await Promise.allSettled(started.map((server) => server.stop()))
        throw failed.reason
      }
      return started
    })())
  return {
    servers,
    async stop() {
      await Promise.all(servers.map((server) => server.stop()))
    },
  }
}

/**
 * Starts a throwaway memcached server (or returns the first of `SESSIONKIT_MEMCACHED_SERVERS`).
 * Stop it in `afterAll`.
 */
export async function startMemcachedServer(): Promise<TestServer> {
  const [server] = (await startMemcachedPool(1)).servers
  if (!server) throw new Error('memcached pool of one came back empty')
  return server
}

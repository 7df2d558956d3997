import { externalList, memcachedImage } from './config.js'
import { containerServer } from './container-server.js'
import { bindAddress, startSpec, withPortRetries } from './container-spec.js'
import { externalServer, parseHostPort } from './external-server.js'
import { pickFreePort } from './free-port.js'
import {
  checkSaslLogin,
  type MemcachedSaslCredentials,
  type MemcachedServerOptions,
  SaslImageError,
  saslCommand,
  saslExitError,
} from './memcached-sasl.js'
import { ServingWaitStrategy } from './serving-wait-strategy.js'
import type { TestServer, TestServerPool } from './types.js'

const EXTERNAL = 'SESSIONKIT_MEMCACHED_SERVERS'

/** The SASL image error behind `error` (startContainer wraps it), if that is what it is. */
function unfitImage(error: unknown): SaslImageError | undefined {
  if (error instanceof SaslImageError) return error
  return error instanceof Error && error.cause instanceof SaslImageError ? error.cause : undefined
}

async function startMemcachedContainer(sasl?: MemcachedSaslCredentials): Promise<TestServer> {
  const outcome = await withPortRetries(async () => {
    try {
      return await startMemcachedOnce(sasl)
    } catch (error) {
      // An image unfit for SASL stays unfit on other ports: no retry, and its own message.
      const unfit = unfitImage(error)
      if (unfit) return unfit
      throw error
    }
  })
  if (outcome instanceof SaslImageError) throw outcome
  return outcome
}

async function startMemcachedOnce(sasl?: MemcachedSaslCredentials): Promise<TestServer> {
  const port = await pickFreePort()
  // -u only matters when the image runs as root; -U 0 turns UDP off.
  const args = ['-p', String(port), '-U', '0', '-l', bindAddress(), '-m', '64', '-u', 'nobody']
  const { container, host } = await startSpec({
    image: memcachedImage(),
    command: sasl ? saslCommand(sasl, args) : ['memcached', ...args],
    ports: [port],
    waitStrategy: (host) =>
      new ServingWaitStrategy('memcached', host, port, sasl ? saslExitError : undefined),
  })
  const server = containerServer('memcached', container, host, port)
  if (sasl) {
    await checkSaslLogin(host, port, sasl).catch(async (error: unknown) => {
      await server.stop()
      throw error
    })
  }
  return server
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
 * `SESSIONKIT_MEMCACHED_SERVERS`; never with `sasl`). If one fails to start, the others are
 * stopped.
 */
export async function startMemcachedPool(
  size: number,
  options: MemcachedServerOptions = {},
): Promise<TestServerPool> {
  const servers =
    (options.sasl ? undefined : externalPool(size)) ??
    (await (async () => {
      const results = await Promise.allSettled(
        Array.from({ length: size }, () => startMemcachedContainer(options.sasl)),
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
 * With `sasl`, the server requires those credentials (SASL PLAIN, binary protocol only) and is
 * always a container; an image that cannot do SASL throws an error saying which one can.
 * Stop it in `afterAll`.
 */
export async function startMemcachedServer(
  options: MemcachedServerOptions = {},
): Promise<TestServer> {
  const [server] = (await startMemcachedPool(1, options)).servers
  if (!server) throw new Error('memcached pool of one came back empty')
  return server
}

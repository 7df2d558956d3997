import { BinaryOpcode, binaryRequest } from './memcached-binary.js'
import { respCommand } from './resp.js'
import { acceptsConnections } from './tcp-exchange.js'

/** What a server is: decides how to check that it serves (`rediss`: Redis over TLS only). */
export type ServerKind = 'redis' | 'rediss' | 'memcached'

/**
 * Resolves true when the server at host:port answers its protocol's no-op: PING, or memcached's
 * binary VERSION (memcached with SASL speaks only the binary protocol; any binary reply, even an
 * authentication error, shows that it serves).
 */
export async function serves(kind: ServerKind, host: string, port: number): Promise<boolean> {
  try {
    if (kind !== 'memcached') {
      return (await respCommand(host, port, ['PING'], kind === 'rediss')) === 'PONG'
    }
    await binaryRequest(host, port, BinaryOpcode.version)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` every 100 ms until it resolves true; rejects with `what` after `timeoutMs`. */
export async function pollUntil(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(100)
  }
}

/** Resolves once the server at host:port answers its protocol. */
export function waitUntilServing(kind: ServerKind, host: string, port: number): Promise<void> {
  return pollUntil(() => serves(kind, host, port), `${kind} on ${host}:${port} to serve`)
}

/** Resolves once host:port refuses connections. */
export function waitUntilRefusing(host: string, port: number): Promise<void> {
  return pollUntil(
    async () => !(await acceptsConnections(host, port)),
    `${host}:${port} to refuse connections`,
    10_000,
  )
}

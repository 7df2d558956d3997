import { createServer } from 'node:net'

// Below Linux's ephemeral range (32768+), so outgoing connections never hold these ports,
// and low enough that a cluster bus port (port + 10000) stays below it too.
const MIN_PORT = 15_000
const MAX_PORT = 22_700
const handedOut = new Set<number>()

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

async function isFree(port: number): Promise<boolean> {
  return (await canBind(port, '127.0.0.1')) && (await canBind(port, '0.0.0.0'))
}

/**
 * Picks a TCP port that is free on this host and not handed out before by this process.
 * With `withBusPort`, port + 10000 (a Redis Cluster bus port) is free as well.
 */
export async function pickFreePort(withBusPort = false): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = MIN_PORT + Math.floor(Math.random() * (MAX_PORT - MIN_PORT))
    if (handedOut.has(port) || (withBusPort && handedOut.has(port + 10_000))) continue
    if (!(await isFree(port))) continue
    if (withBusPort && !(await isFree(port + 10_000))) continue
    handedOut.add(port)
    if (withBusPort) handedOut.add(port + 10_000)
    return port
  }
  throw new Error(`No free TCP port found between ${MIN_PORT} and ${MAX_PORT}`)
}

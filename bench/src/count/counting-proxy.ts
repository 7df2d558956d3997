import { connect, createServer, type Socket } from 'node:net'
import type { Endpoint } from '../targets/target.js'

/** Traffic through a counting proxy since it started. */
export interface TrafficCounts {
  /** Bytes the clients sent to the server. */
  readonly bytesToServer: number
  /** Bytes the server sent to the clients. */
  readonly bytesToClient: number
  /**
   * Client-send → server-reply turns: a connection's first reply bytes after it sent
   * something count one. Pipelined commands answered together count one; unsolicited server
   * bytes count none.
   */
  readonly turns: number
  /** Client connections accepted. */
  readonly connections: number
}

/** A TCP proxy in this process that counts what passes through it. */
export interface CountingProxy {
  /** Where clients connect instead of the server. */
  readonly endpoint: Endpoint
  /** The counts so far. */
  counts(): TrafficCounts
  /** Stop listening and drop every connection. */
  close(): Promise<void>
}

/** Start a counting proxy on 127.0.0.1 (a free port) forwarding to `server`. */
export async function startCountingProxy(server: Endpoint): Promise<CountingProxy> {
  let bytesToServer = 0
  let bytesToClient = 0
  let turns = 0
  let connections = 0
  const sockets = new Set<Socket>()

  const proxy = createServer((client) => {
    connections++
    let awaitingReply = false
    const upstream = connect(server.port, server.host)
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true)
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    client.on('data', (chunk: Buffer) => {
      bytesToServer += chunk.length
      awaitingReply = true
      forward(client, upstream, chunk)
    })
    upstream.on('data', (chunk: Buffer) => {
      bytesToClient += chunk.length
      if (awaitingReply) {
        turns++
        awaitingReply = false
      }
      forward(upstream, client, chunk)
    })
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })

  await new Promise<void>((resolve, reject) => {
    proxy.once('error', reject)
    proxy.listen(0, '127.0.0.1', () => resolve())
  })
  const address = proxy.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address')

  return {
    endpoint: { host: '127.0.0.1', port: address.port },
    counts: () => ({ bytesToServer, bytesToClient, turns, connections }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        proxy.close(() => resolve())
      }),
  }
}

/** Write `chunk` on, pausing `from` while `to` is saturated. */
function forward(from: Socket, to: Socket, chunk: Buffer): void {
  if (!to.write(chunk)) {
    from.pause()
    to.once('drain', () => from.resume())
  }
}

/** The difference `after − before` of two counts. */
export function countsBetween(before: TrafficCounts, after: TrafficCounts): TrafficCounts {
  return {
    bytesToServer: after.bytesToServer - before.bytesToServer,
    bytesToClient: after.bytesToClient - before.bytesToClient,
    turns: after.turns - before.turns,
    connections: after.connections - before.connections,
  }
}

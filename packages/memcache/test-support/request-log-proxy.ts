import { createConnection, createServer, type Socket } from 'node:net'

/** One binary-protocol request a client sent through the proxy. */
export interface LoggedRequest {
  /** Its opcode (`Opcode` in network/memjs-ops). */
  readonly opcode: number
  readonly key: string
  /** The CAS it carried (0n: none). */
  readonly cas: bigint
}

/**
 * A TCP proxy in front of one memcached that logs every request its clients send, and can stop
 * passing bytes on, as a paused (SIGSTOPped) server would: connections stay open, nothing is
 * answered.
 */
export interface RequestLogProxy {
  /** `127.0.0.1:PORT`, to give a client instead of the server's address. */
  readonly url: string
  /** The requests logged since the start or the last `clear`, in the order sent. */
  readonly requests: readonly LoggedRequest[]
  /** Forget the requests logged so far. */
  clear(): void
  /** Hold every byte, both ways, from now on. */
  pause(): void
  /** Pass on what was held, and everything from now on. */
  resume(): void
  /** Stop listening and drop every connection. */
  close(): Promise<void>
}

/** Start a `RequestLogProxy` to the memcached at `target` (`host:port`). */
export function startRequestLogProxy(target: string): Promise<RequestLogProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.split(':').pop())]
  const requests: LoggedRequest[] = []
  const sockets = new Set<Socket>()
  let paused = false
  const held: (() => void)[] = []
  const pass = (to: Socket, chunk: Buffer) => {
    if (paused) held.push(() => to.write(chunk))
    else to.write(chunk)
  }
  const server = createServer((client) => {
    const upstream = createConnection(port, host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    let pending = Buffer.alloc(0)
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      // Each request: a 24-byte header, then extras, key and value (total body length at 8).
      while (pending.length >= 24 && pending.length >= 24 + pending.readUInt32BE(8)) {
        const keyStart = 24 + pending.readUInt8(4)
        requests.push({
          opcode: pending.readUInt8(1),
          key: pending.toString('utf8', keyStart, keyStart + pending.readUInt16BE(2)),
          cas: pending.readBigUInt64BE(16),
        })
        pending = pending.subarray(24 + pending.readUInt32BE(8))
      }
      pass(upstream, chunk)
    })
    upstream.on('data', (chunk: Buffer) => pass(client, chunk))
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const listening = typeof address === 'object' && address ? address.port : 0
      resolve({
        url: `127.0.0.1:${listening}`,
        requests,
        clear: () => {
          requests.length = 0
        },
        pause: () => {
          paused = true
        },
        resume: () => {
          paused = false
          for (const write of held.splice(0)) write()
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

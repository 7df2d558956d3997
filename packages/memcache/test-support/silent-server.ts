import { createServer, type Socket } from 'node:net'

/** A TCP server that accepts connections and never answers, like a hung memcached. */
export interface SilentServer {
  /** `127.0.0.1:PORT`. */
  readonly url: string
  /** Stop listening and drop every connection. */
  close(): Promise<void>
}

/** Start a `SilentServer` on a free local port. */
export function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({
        url: `127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

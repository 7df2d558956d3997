import { connect } from 'node:net'
import { connect as connectTls } from 'node:tls'

/** One request/reply exchange for `tcpExchange`. */
export interface TcpExchange {
  readonly host: string
  readonly port: number
  readonly request: string | Buffer
  /** Whether the bytes received so far are the whole reply; may throw to reject a bad reply. */
  readonly isComplete: (reply: Buffer) => boolean
  /** Default 2000 ms. */
  readonly timeoutMs?: number
  /** Talk TLS without checking the certificate (a readiness probe, not a client). */
  readonly tls?: boolean
}

/**
 * Connects to host:port, writes the request and collects the reply until it is whole.
 * Rejects on connection errors, on a closed connection, on a reply `isComplete` refuses, and
 * after the timeout.
 */
export function tcpExchange(exchange: TcpExchange): Promise<Buffer> {
  const { host, port, request, isComplete, timeoutMs = 2_000, tls = false } = exchange
  return new Promise((resolve, reject) => {
    let reply = Buffer.alloc(0)
    const socket = tls
      ? connectTls({ host, port, rejectUnauthorized: false })
      : connect({ host, port })
    const fail = (error: Error) => {
      socket.destroy()
      reject(error)
    }
    socket.setTimeout(timeoutMs, () => fail(new Error(`No reply from ${host}:${port}`)))
    socket.once('error', fail)
    socket.once('close', () => fail(new Error(`${host}:${port} closed the connection`)))
    socket.once(tls ? 'secureConnect' : 'connect', () => socket.write(request))
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk])
      let complete: boolean
      try {
        complete = isComplete(reply)
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)))
        return
      }
      if (complete) {
        socket.removeAllListeners('close')
        socket.destroy()
        resolve(reply)
      }
    })
  })
}

/** Resolves true when host:port accepts a TCP connection, false when it refuses or times out. */
export function acceptsConnections(
  host: string,
  port: number,
  timeoutMs = 1_000,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (result: boolean) => {
      socket.destroy()
      resolve(result)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => done(true))
  })
}

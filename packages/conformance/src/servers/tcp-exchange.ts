import { connect } from 'node:net'
import { connect as connectTls } from 'node:tls'

/**
 * Connects to host:port, writes `request` and collects the reply until `isComplete` says it is
 * whole. Rejects on connection errors, on a closed connection and after `timeoutMs`.
 * With `tls`, talks TLS without checking the certificate (a readiness probe, not a client).
 */
export function tcpExchange(
  host: string,
  port: number,
  request: string,
  isComplete: (reply: string) => boolean,
  timeoutMs = 2_000,
  tls = false,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = ''
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
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8')
      if (isComplete(reply)) {
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

import { SessionStorageUnavailableError } from '@sessionkit/core'
import { TimeoutQueue } from '@sessionkit/core/driver'
import type { Response, Server } from 'memjs'

/** A server could not be reached or did not answer in time; the request may be retried. */
export class ServerUnreachableError extends Error {
  constructor(
    /** `host:port` of the server. */
    readonly server: string,
    message: string,
    /** True when the server did not answer in time (rather than refusing or dropping us). */
    readonly timedOut: boolean,
    options?: ErrorOptions,
  ) {
    super(`memcached ${server}: ${message}`, options)
    this.name = 'ServerUnreachableError'
  }
}

/**
 * From this many requests waiting for a server (the new one included), a request is held until
 * the current turn of the event loop has run its jobs, and written with the others made
 * meanwhile. Below it, a request is written at once, so that the server works on it while the
 * client goes on with the other sessions' replies: gathering every request cost a fifth of the
 * throughput at 8 concurrent sessions on the bench, gathering from 4 changed nothing at 32 and
 * 128.
 */
export const GATHER_REQUESTS_FROM = 4

/** What memjs fails requests with when a server refuses its login, or a request for want of one. */
export const MEMJS_AUTH_FAILED = 'Memcached server authentication failed!'

/**
 * One memjs `Server` as this package uses it: requests go over the server's own connection
 * (its `onResponse` / `onError` callbacks by opaque, its `write`), as memjs's
 * `Client.prototype.perform` sends them, but with a bounded wait (one timer for all requests)
 * and, once several requests wait (`GATHER_REQUESTS_FROM`), with the requests made during one
 * turn of the event loop written to the socket in a single write.
 *
 * Why the writes are gathered: each socket write is a system call, the largest cost of a
 * request on the client. Requests issued together under load (concurrent sessions, or a session
 * item and another key read in the same step) cost one write, and arrive at memcached in one
 * packet.
 */
export class ServerLink {
  /** `host:port` of the server. */
  readonly name: string
  private queued: Buffer[] = []
  private readonly timeouts: TimeoutQueue

  constructor(
    /** The memjs server (its connection, SASL login and response parsing). */
    readonly server: Server,
    /** Milliseconds to wait for each response. */
    timeoutMs: number,
  ) {
    this.name = `${server.host}:${server.port}`
    this.timeouts = new TimeoutQueue(timeoutMs)
  }

  /**
   * Write `request` (carrying `opaque`) and resolve with its response. Rejects with
   * `SessionStorageUnavailableError` when the server refuses the SASL login, and with
   * `ServerUnreachableError` when memjs reports a connection error or timeout, or when no
   * response comes within the timeout (memjs alone may wait forever once a server closes the
   * connection with requests in flight, or stops answering while requests keep being written).
   */
  send(request: Buffer, opaque: number): Promise<Response> {
    const { server, name, timeouts } = this
    return new Promise((resolve, reject) => {
      const waiting = timeouts.add(() => {
        delete (server.responseCallbacks as Record<number, unknown>)[opaque]
        delete (server.errorCallbacks as Record<number, unknown>)[opaque]
        reject(new ServerUnreachableError(name, `no answer within ${timeouts.timeoutMs} ms`, true))
      })
      server.onResponse(opaque, (response) => {
        if (timeouts.settle(waiting)) resolve(response)
      })
      server.onError(opaque, (error: unknown) => {
        if (!timeouts.settle(waiting)) return
        if (error === MEMJS_AUTH_FAILED) return reject(authenticationFailure(server))
        const message = error instanceof Error ? error.message : String(error)
        reject(
          new ServerUnreachableError(name, message, /timed out/.test(message), { cause: error }),
        )
      })
      if (this.queued.push(request) > 1) return
      if (timeouts.size < GATHER_REQUESTS_FROM) this.flush()
      else process.nextTick(this.flush)
    })
  }

  /** Keep no timer once no request waits (the driver closes); waiting ones stay bounded. */
  close(): void {
    this.timeouts.close()
  }

  // Runs once the promise jobs of the current turn have run, so every request they made is in.
  private readonly flush = (): void => {
    const requests = this.queued
    this.queued = []
    try {
      this.server.write(requests.length === 1 ? (requests[0] as Buffer) : Buffer.concat(requests))
    } catch (error) {
      // memjs opens the connection inside write; a failure there fails what is pending.
      this.server.error(error instanceof Error ? error : new Error(String(error)))
    }
  }
}

/**
 * A server refused our SASL login (or, without credentials, our request): a configuration
 * problem, reported at once as unavailable, not retried and not failed over. Names the user,
 * never the password.
 */
function authenticationFailure(server: Server): SessionStorageUnavailableError {
  const name = `${server.host}:${server.port}`
  return new SessionStorageUnavailableError(
    server.username
      ? `memcached ${name} refused SASL authentication as "${server.username}": wrong username or password`
      : `memcached ${name} requires SASL authentication: set username and password`,
  )
}

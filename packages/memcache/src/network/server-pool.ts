import { SessionStorageUnavailableError } from '@sessionkit/core'
import type { Client, Response, Server } from 'memjs'
import { HashRing } from './hash-ring.js'
import { ServerUnreachableError, sendToServer, type Transport } from './memjs-ops.js'

/** How a `ServerPool` waits, retries and fails over. */
export interface ServerPoolOptions {
  /** Milliseconds to wait for one response (and for a connection). */
  readonly timeout: number
  /** Extra attempts on the same server after a connection error (not after a timeout). */
  readonly retries: number
  /** Send a dead server's keys to the next server on the ring instead of failing. */
  readonly failover: boolean
  /** Milliseconds a server that failed stays skipped before it is tried again (with failover). */
  readonly failoverRetryDelay: number
}

/** Pause between two attempts on the same server after a connection error. */
const RETRY_PAUSE_MS = 25

/**
 * The servers of a memjs client, addressed by key through a ketama ring. Every request goes to
 * the key's server; when it cannot be reached the request fails as unavailable, or, with
 * failover, the server is skipped for `failoverRetryDelay` ms and the request (and every key
 * of that server meanwhile) goes to the next live server clockwise on the ring.
 */
export class ServerPool {
  /** `host:port` of each server, in the client's order. */
  readonly names: readonly string[]
  private readonly ring: HashRing
  private readonly downUntil: number[]
  private markedDown = 0

  constructor(
    private readonly client: Client,
    private readonly options: ServerPoolOptions,
  ) {
    this.names = client.servers.map((server) => `${server.host}:${server.port}`)
    this.ring = new HashRing(this.names)
    this.downUntil = this.names.map(() => 0)
  }

  /** How many times a server was marked down (and skipped) so far. */
  get serversMarkedDown(): number {
    return this.markedDown
  }

  /** `host:port` of the server that `key` goes to now, or undefined when every one is down. */
  serverFor(key: string): string | undefined {
    const index = this.pick(key, new Set())
    return index === undefined ? undefined : this.names[index]
  }

  /** The transport for `memjs-ops`: routes by key, retries, fails over. */
  readonly send: Transport = async (key, build) => {
    const skipped = new Set<number>()
    let lastError: ServerUnreachableError | undefined
    for (;;) {
      const index = this.pick(key, skipped)
      if (index === undefined) {
        const last = lastError ? `; last error: ${lastError.message}` : ''
        throw new SessionStorageUnavailableError(
          `No memcached server is reachable (${this.names.join(', ')} down)${last}`,
          { cause: lastError },
        )
      }
      try {
        return await this.sendWithRetries(this.client.servers[index] as Server, build)
      } catch (error) {
        if (!(error instanceof ServerUnreachableError)) throw error
        if (!this.options.failover) {
          throw new SessionStorageUnavailableError(error.message, { cause: error })
        }
        this.downUntil[index] = Date.now() + this.options.failoverRetryDelay
        this.markedDown++
        skipped.add(index)
        lastError = error
      }
    }
  }

  private pick(key: string, skipped: ReadonlySet<number>): number | undefined {
    if (!this.options.failover) return this.ring.serverFor(key)
    const now = Date.now()
    return this.ring.serverFor(
      key,
      (index) => !skipped.has(index) && (this.downUntil[index] as number) <= now,
    )
  }

  private async sendWithRetries(
    server: Server,
    build: (opaque: number) => Buffer,
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      this.client.incrSeq()
      const opaque = this.client.seq
      try {
        return await sendToServer(server, build(opaque), opaque, this.options.timeout)
      } catch (error) {
        const retry =
          error instanceof ServerUnreachableError &&
          !error.timedOut &&
          attempt < this.options.retries
        if (!retry) throw error
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS))
      }
    }
  }
}

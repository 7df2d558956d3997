import { SessionStorageUnavailableError } from '@sessionkit/core'
import type { Client } from 'memjs'
import { HashRing } from './hash-ring.js'
import type { Reply, Transport } from './memjs-ops.js'
import { ServerLink, ServerUnreachableError } from './server-link.js'

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
 * A request carried a CAS from a server that no longer serves its key (it failed and the key
 * went to the next server, or it came back): a CAS means nothing on another server, so the
 * item must be read again where the key lives now.
 */
export class ServerChangedError extends Error {
  constructor(server: string, options?: ErrorOptions) {
    super(`memcached ${server} no longer serves the key its CAS was read from`, options)
    this.name = 'ServerChangedError'
  }
}

/**
 * The servers of a memjs client, addressed by key through a ketama ring. Every request goes to
 * the key's server; when it cannot be reached the request fails as unavailable, or, with
 * failover, the server is skipped for `failoverRetryDelay` ms and the request (and every key
 * of that server meanwhile) goes to the next live server clockwise on the ring. A request
 * carrying a CAS is never failed over: it rejects with `ServerChangedError` instead.
 */
export class ServerPool {
  /** `host:port` of each server, in the client's order. */
  readonly names: readonly string[]
  private readonly links: readonly ServerLink[]
  private readonly ring: HashRing
  private readonly downUntil: number[]
  private markedDown = 0

  constructor(
    private readonly client: Client,
    private readonly options: ServerPoolOptions,
  ) {
    this.links = client.servers.map((server) => new ServerLink(server, options.timeout))
    this.names = this.links.map((link) => link.name)
    this.ring = new HashRing(this.names)
    this.downUntil = this.names.map(() => 0)
  }

  /** How many times a server was marked down (and skipped) so far. */
  get serversMarkedDown(): number {
    return this.markedDown
  }

  /** `host:port` of the server that `key` goes to now, or undefined when every one is down. */
  serverFor(key: string): string | undefined {
    const index = this.pick(key)
    return index === undefined ? undefined : this.names[index]
  }

  /** The driver closes: no timer of the pool outlives the requests still waiting. */
  close(): void {
    for (const link of this.links) link.close()
  }

  /**
   * The transport for `memjs-ops`: routes by key, retries, fails over. No async function on the
   * way: a reply reaches its caller one promise job after the server link resolves it.
   */
  readonly send: Transport = (key, build, pinned) =>
    pinned === undefined
      ? this.sendRouted(key, build, undefined, undefined)
      : this.sendPinned(key, build, pinned)

  /** Send to the server `key` goes to, skipping `skipped`; on to the next one if it is down. */
  private sendRouted(
    key: string,
    build: (opaque: number) => Buffer,
    skipped: Set<number> | undefined,
    lastError: ServerUnreachableError | undefined,
  ): Promise<Reply> {
    const index = this.pick(key, skipped)
    if (index === undefined) {
      const last = lastError ? `; last error: ${lastError.message}` : ''
      return Promise.reject(
        new SessionStorageUnavailableError(
          `No memcached server is reachable (${this.names.join(', ')} down)${last}`,
          { cause: lastError },
        ),
      )
    }
    return this.sendWithRetries(index, build, (error) => {
      this.markDownOrThrow(index, error)
      const next = skipped ?? new Set<number>()
      next.add(index)
      return this.sendRouted(key, build, next, error)
    })
  }

  /** Send a request carrying a CAS from server `index`: there, or not at all. */
  private sendPinned(
    key: string,
    build: (opaque: number) => Buffer,
    index: number,
  ): Promise<Reply> {
    const server = this.names[index] as string
    if (this.pick(key) !== index) return Promise.reject(new ServerChangedError(server))
    return this.sendWithRetries(index, build, (error) => {
      this.markDownOrThrow(index, error)
      throw new ServerChangedError(server, { cause: error })
    })
  }

  /**
   * A request to server `index` failed for good with `error`: rethrow it unless it says the
   * server is unreachable; without failover, throw it as unavailable; else mark the server down.
   */
  private markDownOrThrow(index: number, error: unknown): asserts error is ServerUnreachableError {
    if (!(error instanceof ServerUnreachableError)) throw error
    if (!this.options.failover) {
      throw new SessionStorageUnavailableError(error.message, { cause: error })
    }
    this.markDown(index)
  }

  private markDown(index: number): void {
    this.downUntil[index] = Date.now() + this.options.failoverRetryDelay
    this.markedDown++
  }

  private pick(key: string, skipped?: ReadonlySet<number>): number | undefined {
    if (!this.options.failover) return this.ring.serverFor(key)
    const now = Date.now()
    return this.ring.serverFor(
      key,
      (index) => !skipped?.has(index) && (this.downUntil[index] as number) <= now,
    )
  }

  /**
   * Send to server `index`, again after a connection error (`retries` times); a failure that
   * is not retried goes to `failed`, whose result is the send's.
   */
  private sendWithRetries(
    index: number,
    build: (opaque: number) => Buffer,
    failed: (error: unknown) => Promise<Reply>,
    attempt = 0,
  ): Promise<Reply> {
    const link = this.links[index] as ServerLink
    this.client.incrSeq()
    const opaque = this.client.seq
    return link.send(build(opaque), opaque).then(
      (response) => ({ response, server: index }),
      (error: unknown) => {
        const retry =
          error instanceof ServerUnreachableError &&
          !error.timedOut &&
          attempt < this.options.retries
        if (!retry) return failed(error)
        return new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS)).then(() =>
          this.sendWithRetries(index, build, failed, attempt + 1),
        )
      },
    )
  }
}

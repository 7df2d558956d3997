/** The Redis-protocol servers the harness can start. */
export type RedisFlavor = 'redis8' | 'valkey9' | 'valkey8'

/** A throwaway server started for tests (or an external one configured by environment). */
export interface TestServer {
  /** Host to connect to, e.g. `127.0.0.1`. */
  readonly host: string
  /** TCP port to connect to. */
  readonly port: number
  /** `redis://HOST:PORT` (`rediss://` over TLS) for Redis flavors, `HOST:PORT` for memcached. */
  readonly url: string
  /** Stops (and removes) the server for good. */
  stop(): Promise<void>
  /** Stops the server process so its port refuses connections; host and port are kept. */
  pause(): Promise<void>
  /** Starts the server again on the same host and port (data may be lost); resolves once it serves. */
  resume(): Promise<void>
  /**
   * Kills the server process with SIGKILL (no shutdown, nothing flushed) and resolves once its
   * port refuses connections; `resume()` starts it again with whatever it had written to disk.
   */
  kill(): Promise<void>
  /**
   * Stops the server process with SIGSTOP: connections stay open (new ones are even accepted by
   * the kernel) but nothing is answered, as with a server stuck in swap or a long GC.
   */
  freeze(): Promise<void>
  /** Continues a frozen server (SIGCONT). */
  thaw(): Promise<void>
}

/** A Redis-protocol server that only speaks TLS, with the CA its certificate was signed by. */
export interface TlsTestServer extends TestServer {
  /** `rediss://HOST:PORT` (use `valkeys://` to make @sessionkit/redis pick iovalkey). */
  readonly url: string
  /** Trust this CA (PEM) to connect, e.g. `{ tls: { ca: server.tls.ca } }`. */
  readonly tls: { readonly ca: string }
}

/** Several memcached servers, e.g. for client-side sharding tests. */
export interface TestServerPool {
  /** The servers, in a stable order. */
  readonly servers: TestServer[]
  /** Stops every server of the pool. */
  stop(): Promise<void>
}

/** A Redis Cluster of 3 masters without replicas, ready (`cluster_state:ok`). */
export interface TestCluster {
  /** The masters' addresses, reachable from the host. */
  readonly nodes: { host: string; port: number }[]
  /** Kills the master `index` of `nodes` with SIGKILL; resolves once its port refuses. */
  killNode(index: number): Promise<void>
  /** Stops the cluster for good. */
  stop(): Promise<void>
}

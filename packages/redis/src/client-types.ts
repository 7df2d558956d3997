/** The two commands scripts are run with. */
export interface ScriptClient {
  /** Run a cached script by its SHA-1. */
  evalsha(sha: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>
  /** Run (and cache) a script by its source. */
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>
}

/**
 * What the storage needs of a client: ioredis (5.10+, 6) and iovalkey (0.4) `Redis` and
 * `Cluster` instances all fit. Key arguments go through the client's own `keyPrefix`, if any.
 */
export interface RedisClientLike extends ScriptClient {
  /** Delete keys. */
  del(...keys: string[]): Promise<number>
  /** Send any command (used, without keys, for feature detection). */
  call(command: string, ...args: (string | number)[]): Promise<unknown>
  /** Listen to client events ('ready' restarts feature detection). */
  on(event: string, listener: (...args: unknown[]) => void): unknown
  /** Stop listening. */
  off(event: string, listener: (...args: unknown[]) => void): unknown
  /** True for a Cluster client. */
  readonly isCluster: boolean
}

/** A client this package created and therefore closes. */
export interface OwnedClient extends RedisClientLike {
  /** Connection state ('ready' when commands go straight to the server). */
  readonly status: string
  /** Close gracefully, after pending replies. */
  quit(): Promise<unknown>
  /** Close at once, failing pending commands. */
  disconnect(): void
}

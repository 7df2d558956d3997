import type { GatherableClient } from './write-gathering.js'

/** The npm packages this storage can talk to Redis / Valkey through. */
export type ClientLibrary = 'redis' | 'ioredis' | 'iovalkey'

/** Every supported client package, in the order messages list them. */
export const CLIENT_LIBRARIES: readonly ClientLibrary[] = ['redis', 'ioredis', 'iovalkey']

/**
 * An ioredis (5.10+, 6) or iovalkey (0.4) `Redis` or `Cluster` instance, as far as this package
 * uses it. Key arguments go through the client's own `keyPrefix`, if any.
 */
export interface IoredisLikeClient extends GatherableClient {
  /** Send any command by name (lower case: the client then applies its `keyPrefix`). */
  call(command: string, ...args: string[]): Promise<unknown>
  /** Listen to client events ('ready' restarts feature detection). */
  on(event: string, listener: (...args: unknown[]) => void): unknown
  /** Stop listening. */
  off(event: string, listener: (...args: unknown[]) => void): unknown
  /** True for a Cluster client. */
  readonly isCluster: boolean
  /** A Cluster's node clients by role (enumeration scans each master). */
  nodes?(role: 'master'): IoredisLikeClient[]
}

/** A node-redis (the `redis` package, 5 or later) client from `createClient`, as used here. */
export interface NodeRedisLikeClient {
  /** Send a command as an array of strings. */
  sendCommand(args: readonly string[], options?: object): Promise<unknown>
  /** Listen to client events. */
  on(event: string, listener: (...args: unknown[]) => void): unknown
  /** Stop listening. */
  off(event: string, listener: (...args: unknown[]) => void): unknown
  /** True once connected and ready for commands. */
  readonly isReady: boolean
}

/** A node-redis cluster from `createCluster`, as used here. */
export interface NodeRedisLikeCluster {
  /** Send a command to the node serving `firstKey` (a random node when undefined). */
  sendCommand(
    firstKey: string | undefined,
    isReadonly: boolean | undefined,
    args: readonly string[],
    options?: object,
  ): Promise<unknown>
  /** Its master nodes (tells a cluster from a standalone client). */
  readonly masters: readonly unknown[]
  /** The client of one node (enumeration scans each master). */
  nodeClient?(node: unknown): NodeRedisLikeClient | Promise<NodeRedisLikeClient>
  on(event: string, listener: (...args: unknown[]) => void): unknown
  off(event: string, listener: (...args: unknown[]) => void): unknown
}

/** A node-redis Sentinel client from `createSentinel`, as used here. */
export interface NodeRedisLikeSentinel {
  /** Send a command to the primary (`isReadonly` false). */
  sendCommand(
    isReadonly: boolean | undefined,
    args: readonly string[],
    options?: object,
  ): Promise<unknown>
  /** The primary it uses now (tells a Sentinel client from the others). */
  getMasterNode(): unknown
  on(event: string, listener: (...args: unknown[]) => void): unknown
  off(event: string, listener: (...args: unknown[]) => void): unknown
}

/** A client handed to the storage as `client`: it is used as configured and never closed. */
export type RedisClientLike =
  | IoredisLikeClient
  | NodeRedisLikeClient
  | NodeRedisLikeCluster
  | NodeRedisLikeSentinel

/**
 * The one interface the driver talks to, whatever the client package: commands as arrays of
 * strings (the command name first, then the key, for cluster routing), replies as the client
 * decodes them.
 */
export interface RedisConnection {
  /** Which client package is underneath. */
  readonly library: ClientLibrary
  /** True when the client is a Redis Cluster client (sessions' keys live in different slots). */
  readonly isCluster: boolean
  /**
   * Send one command. `args[0]` is the lower-case command name; `key`, the key the command
   * addresses (routing on a cluster), is also `args[1]`, or undefined for keyless commands.
   */
  send(args: readonly string[], key: string | undefined): Promise<unknown>
  /**
   * One sender per server holding keys (each master of a cluster; the server itself
   * otherwise), for keyless commands that must reach them all, such as SCAN.
   */
  eachServer(): Promise<((args: readonly string[]) => Promise<unknown>)[]>
  /** Resolves once commands can be sent (owned clients: connected); rejects with why not. */
  ready(): Promise<void>
  /** Call `listener` on every (re)connection; returns the function that stops it. */
  onReconnect(listener: () => void): () => void
  /** The last connection error of a client this package opened, until it is ready again. */
  lastError(): string | undefined
  /** Close a client this package opened (bounded); stop listening to a given one. */
  close(): Promise<void>
}

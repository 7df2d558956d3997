/** A group of targets compared with one another: same kind of store, same server. */
export type Family = 'memory' | 'redis' | 'valkey' | 'memcache'

/** What a target is: sessionkit itself, a library users pick instead, or a raw-client floor. */
export type TargetKind = 'sessionkit' | 'peer' | 'floor'

/** The servers the bench starts; every target of a family uses the same one. */
export type ServerName = 'redis8' | 'valkey9' | 'memcached'

/** The four request cycles the bench measures. */
export type Cycle = 'read' | 'modify' | 'create' | 'destroy'

/** Every cycle, in the order they are measured and reported. */
export const CYCLES: readonly Cycle[] = ['read', 'modify', 'create', 'destroy']

/**
 * What the name of a sessionkit target's driver twin (`--breakdown`) adds to the target's
 * name: the same backend's driver, called directly, with core left out.
 */
export const DRIVER_TWIN_SUFFIX = '~driver'

/** A TCP address to connect to. */
export interface Endpoint {
  readonly host: string
  readonly port: number
}

/** What a target is opened with. */
export interface OpenOptions {
  /** Where its server listens (the real one, or a counting proxy); absent for in-process targets. */
  readonly endpoint?: Endpoint | undefined
  /** Key prefix of this target instance, unique within the run. */
  readonly prefix: string
  /** The data of every session it creates (see `sessionFields`). */
  readonly fields: Readonly<Record<string, unknown>>
  /** Session TTL in seconds. */
  readonly ttl: number
}

/**
 * One session library or client, opened: each method is one request's worth of session work,
 * done the way that library is used in an app, and resolved once the server acknowledged it.
 * A session is named by `ref`, whatever its cookie would carry.
 */
export interface SessionTarget {
  /** A request without a session: create one holding `fields`, store it; its ref. */
  create(): Promise<string>
  /** A request that reads the session and changes nothing; the counter it read. */
  read(ref: string): Promise<number>
  /**
   * A request that reads the session, increments its counter and saves; the counter it read.
   * `afterRead` runs between the read and the save (the counting pass measures the save alone).
   */
  modify(ref: string, afterRead?: () => void): Promise<number>
  /** A request that reads the session, then destroys it. */
  destroy(ref: string): Promise<void>
  /** Release connections and timers. */
  close(): Promise<void>
}

/** A target the bench can open. */
export interface TargetDefinition {
  /** Unique name, as given to `--targets`. */
  readonly name: string
  /** What the tables and charts call it. */
  readonly label: string
  readonly family: Family
  readonly kind: TargetKind
  /** The server it talks to; absent for in-process targets. */
  readonly server?: ServerName
  /** For a sessionkit target: the floor on the same client, its ratio's second reference. */
  readonly floor?: string
  /**
   * Why this peer is left out of the "fastest peer" ratios: it skips a guarantee the others
   * keep. It is still measured and shown.
   */
  readonly notComparable?: string
  /** A target that may be unable to load or connect here: then it is reported as skipped. */
  readonly optional?: boolean
  /** Open it (connect, no session stored yet). */
  open(options: OpenOptions): Promise<SessionTarget>
}

/** The endpoint of a networked target, or an error naming it. */
export function endpointOf(options: OpenOptions, target: string): Endpoint {
  if (!options.endpoint) throw new Error(`${target} needs a server endpoint`)
  return options.endpoint
}

/** `host:port` of an endpoint. */
export function hostPort(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`
}

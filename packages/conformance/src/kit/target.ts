import type { SessionStorage, SessionStorageCapabilities } from '@sessionkit/core'
import type { CaseClock } from './clock.js'

/** Options the kit passes to `createStorage`; forward them to your storage's factory. */
export interface ConformanceStorageOptions {
  /**
   * Key prefix unique to this storage (e.g. `sk-test:1a2b3c4d5e6f:`), so that concurrent cases
   * on one server never see each other's sessions. Always set.
   */
  readonly prefix: string
  /** Session TTL in seconds; absent: your storage's default. */
  readonly ttl?: number
  /** Largest session in bytes; absent: your storage's default. */
  readonly maxSize?: number
  /** Operation timeout in milliseconds; absent: your storage's default. */
  readonly timeout?: number
  /** Share of the TTL after which a read restarts it (core's option); absent: the default. */
  readonly refreshAfter?: number
}

/** Options the kit passes to `createUnreachableStorage`. */
export interface UnreachableStorageOptions {
  /** Operation timeout in milliseconds the storage must honour. */
  readonly timeout: number
}

/** A storage, or a promise of one: factories may be async (e.g. to connect first). */
export type MaybePromise<T> = T | Promise<T>

/** The backend under test, as handed to `testSessionStorage`. */
export interface ConformanceTarget {
  /** Name shown in the test titles, e.g. `'redis (valkey 9)'`. */
  readonly name: string
  /**
   * Make a new storage of your backend with these options. Called once or more per case; the
   * kit closes every storage it made. Storages with different prefixes must be isolated.
   */
  createStorage(options: ConformanceStorageOptions): MaybePromise<SessionStorage>
  /**
   * Make a storage pointed at a server that does not answer (a closed port, a stopped
   * container), for the case that checks it fails fast with `SessionStorageUnavailableError`.
   * Leave it out only when the backend has no server; that one case is then reported as skipped.
   */
  createUnreachableStorage?(options: UnreachableStorageOptions): MaybePromise<SessionStorage>
  /**
   * Capabilities the storage must report, e.g. `{ fieldTtl: 'native' }`. With
   * `fieldTtl: 'none'` the cases of per-key TTLs are skipped (and one checks that such TTLs
   * are refused); without `fieldTtl`, a storage that reports 'none' fails them, asking you to
   * declare it.
   */
  readonly capabilities?: Partial<SessionStorageCapabilities>
  /** Milliseconds each case may take before vitest fails it (default 30000). */
  readonly caseTimeout?: number
  /**
   * True for a store inside the process (storages made with the same prefix do not share
   * sessions): the cases of "every app server" then use one storage. Default false.
   */
  readonly inProcess?: boolean
  /**
   * The clock the cases wait on (default: real time). Only for in-process backends whose
   * expiry reads nothing but `Date.now()`: see `createSimulatedClock`.
   */
  readonly clock?: CaseClock
}

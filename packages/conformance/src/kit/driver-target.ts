import type { DriverCapabilities, SessionDriver } from '@sessionkit/core/driver'
import type { CaseClock } from './clock.js'
import type { MaybePromise } from './target.js'

/** Options the kit passes to `createDriver`; forward them to your driver's factory. */
export interface DriverConformanceOptions {
  /** Key prefix unique to this driver (e.g. `sk-test:1a2b3c4d5e6f:`). Always set. */
  readonly prefix: string
}

/** Options the kit passes to `createUnreachableDriver`. */
export interface UnreachableDriverOptions {
  /** Milliseconds within which every call must fail (the driver's own timeout option). */
  readonly timeout: number
}

/** The driver under test, as handed to `testSessionDriver`. */
export interface DriverConformanceTarget {
  /** Name shown in the test titles, e.g. `'redis (valkey 9)'`. */
  readonly name: string
  /**
   * Make a new driver with this prefix. Called once or more per case; the kit closes every
   * driver it made. Drivers with different prefixes must be isolated.
   */
  createDriver(options: DriverConformanceOptions): MaybePromise<SessionDriver>
  /**
   * Make a driver pointed at a server that does not answer, bounding its own waits by
   * `timeout`. Leave it out only when the driver has no server; that case is then skipped.
   */
  createUnreachableDriver?(options: UnreachableDriverOptions): MaybePromise<SessionDriver>
  /**
   * Capabilities the driver must report. With `fieldTtl: 'none'` the per-field TTL cases are
   * skipped; without `fieldTtl`, a driver that reports 'none' fails them, asking you to declare it.
   */
  readonly capabilities?: Partial<DriverCapabilities>
  /** Milliseconds each case may take before vitest fails it (default 30000). */
  readonly caseTimeout?: number
  /**
   * Cases to report as skipped for this target, by id, with the reason shown: for a case that
   * another target of the same backend already runs on the same code (e.g. the 10,000-login
   * `owners/bounded` once per server rather than once per client library).
   */
  readonly skipCases?: Readonly<Record<string, string>>
  /** The clock the cases wait on (default: real time); see `ConformanceTarget.clock`. */
  readonly clock?: CaseClock
}

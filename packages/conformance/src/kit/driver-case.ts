import type { SessionDriver } from '@sessionkit/core/driver'
import type { Case } from './case.js'
import type { CaseClock } from './clock.js'
import type { DriverConformanceTarget, UnreachableDriverOptions } from './driver-target.js'

/** What a running driver case gets: drivers of the backend under test, closed when it ends. */
export interface DriverCaseContext {
  /** The driver under test. */
  readonly target: DriverConformanceTarget
  /** The time the case sees and waits on (the target's clock; real time by default). */
  readonly clock: CaseClock
  /** A new driver with a prefix no other driver uses; closed when the case ends. */
  open(): Promise<SessionDriver>
  /** A driver pointed at a server that does not answer; closed when the case ends. */
  openUnreachable(options: UnreachableDriverOptions): Promise<SessionDriver>
  /** Close `driver` now (once); the case-end cleanup then skips it. */
  close(driver: SessionDriver): Promise<void>
}

/** One driver conformance case (`testSessionDriver`). */
export type DriverConformanceCase = Case<DriverCaseContext>

import assert from 'node:assert/strict'
import type { CaseClock } from '../clock.js'
import { LATE_TOLERANCE_MS, TooLate } from './punctual.js'

/**
 * Probes of records 0.75 s before their TTL ends, by kind of write, and what they show: a
 * record found there proves its TTL was not cut by a second (it would be gone by then); one
 * found gone on time shows a cut TTL, or memcached's whole-second clock, which drops the
 * records written in the last quarter of its second (2 of 8 written over a second), and up to
 * almost half when the probes run late within the tolerance; one found gone after a later
 * probe shows nothing. A kind fails when fewer than a quarter of its conclusive probes found
 * the record: a TTL cut by a second leaves none there, on any clock. (Half, the bar before,
 * failed a correct memcached pool on a loaded CI machine: 3 of 8 there.)
 */
export class FullTtlSamples {
  private readonly kinds = new Map<string, { there: number; goneOnTime: number; late: number }>()

  constructor(
    private readonly clock: CaseClock,
    private readonly perKind: number,
  ) {}

  /**
   * Probe with `find` (true when the record is there), planned at `plannedAt`; `slack` ms
   * (the time its write took) count as lateness too.
   */
  async take(
    kind: string,
    plannedAt: number,
    find: () => Promise<boolean>,
    slack = 0,
  ): Promise<void> {
    const counts = this.kinds.get(kind) ?? { there: 0, goneOnTime: 0, late: 0 }
    this.kinds.set(kind, counts)
    if (await find()) counts.there++
    else if (this.clock.now() - plannedAt + slack > LATE_TOLERANCE_MS) counts.late++
    else counts.goneOnTime++
  }

  /** Fail for a kind whose records were nearly all gone; `TooLate` when too few probes were on time. */
  conclude(records: string): void {
    for (const [kind, { there, goneOnTime, late }] of this.kinds) {
      const conclusive = there + goneOnTime
      if (conclusive < this.perKind / 2) {
        throw new TooLate(
          `${late} of ${this.perKind} probes of ${kind} ${records}`,
          LATE_TOLERANCE_MS,
        )
      }
      assert.ok(
        there >= conclusive / 4,
        `only ${there} of ${conclusive} ${kind} ${records} probed on time were there 0.75 s before their TTL ended: the TTL is cut short (rounded down?)`,
      )
    }
  }
}

import type { CaseClock } from '../clock.js'

interface Scheduled {
  readonly at: number
  readonly order: number
  readonly run: () => Promise<void>
}

/**
 * Steps of a timed case at given times, run one after another in time order on one clock, so
 * that many sessions can be checked on one shared wait (and a simulated clock needs no
 * concurrency). A step may schedule later steps, e.g. a probe some time after its own write.
 */
export class Timeline {
  private readonly steps: Scheduled[] = []
  private scheduled = 0

  constructor(private readonly clock: CaseClock) {}

  /** Run `step` once the clock reaches `epochMs` (right after the steps before it). */
  at(epochMs: number, step: () => Promise<void>): void {
    this.steps.push({ at: epochMs, order: this.scheduled++, run: step })
  }

  /** Run every step, including those scheduled meanwhile; resolves when none is left. */
  async run(): Promise<void> {
    for (;;) {
      this.steps.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = this.steps.shift()
      if (!next) return
      await this.clock.sleepUntil(next.at)
      await next.run()
    }
  }
}

import type { CaseClock } from '../clock.js'

interface Scheduled {
  readonly at: number
  readonly order: number
  readonly run: () => Promise<void>
}

/**
 * Steps of a timed case at given times, so that many sessions can be checked on one shared
 * wait. A step may schedule later steps, e.g. a probe some time after its own write. In real
 * time each step starts at its time even while earlier ones still run (a slow backend must not
 * push later steps past the expiry they probe); on a simulated clock they run one after another
 * in time order.
 */
export class Timeline {
  private readonly waiting: Scheduled[] = []
  private readonly running: Promise<void>[] = []
  private scheduled = 0

  constructor(private readonly clock: CaseClock) {}

  /** Run `step` once the clock reaches `epochMs`. */
  at(epochMs: number, step: () => Promise<void>): void {
    if (this.clock.simulated) {
      this.waiting.push({ at: epochMs, order: this.scheduled++, run: step })
    } else {
      this.running.push(this.clock.sleepUntil(epochMs).then(step))
    }
  }

  /** Run every step, including those scheduled meanwhile; resolves when none is left. */
  async run(): Promise<void> {
    for (;;) {
      if (this.running.length > 0) {
        // Steps may add steps: wait until a round adds none (the first failure rejects).
        const round = this.running.splice(0)
        await Promise.all(round)
        continue
      }
      this.waiting.sort((a, b) => a.at - b.at || a.order - b.order)
      const next = this.waiting.shift()
      if (!next) return
      await this.clock.sleepUntil(next.at)
      await next.run()
    }
  }
}

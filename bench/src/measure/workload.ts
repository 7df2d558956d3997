import type { Cycle, SessionTarget } from '../targets/target.js'
import { type Step, sessionIndex } from './throughput.js'

/** Concurrency of the untimed work (seeding, topping up, cleaning up). */
const SETUP_CONCURRENCY = 32

/** Run `task(0..count-1)` with at most `concurrency` in flight. */
export async function runAll(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++)
    }),
  )
}

/**
 * One opened target and its sessions: the seeded ones the read and modify cycles use (with the
 * counter each must hold, checked on every read), and a pool of spare sessions that the create
 * cycle fills and the destroy cycle consumes.
 */
export class Workload {
  private readonly refs: string[] = []
  private readonly expected: number[] = []
  private readonly spare: string[] = []

  constructor(
    /** Target name, for error messages. */
    readonly name: string,
    /** The opened target. */
    readonly target: SessionTarget,
  ) {}

  /** Spare sessions available to the destroy cycle. */
  get spareCount(): number {
    return this.spare.length
  }

  /** Create the `sessions` sessions the read and modify cycles use. */
  async seed(sessions: number): Promise<void> {
    const refs = new Array<string>(sessions)
    await runAll(sessions, SETUP_CONCURRENCY, async (i) => {
      refs[i] = await this.target.create()
    })
    this.refs.push(...refs)
    this.expected.push(...refs.map(() => 0))
  }

  /**
   * The step of `cycle` at `concurrency`. A create step stops after `maxCreates` sessions
   * (memory bound); a destroy step stops when the spare pool is empty.
   */
  step(cycle: Cycle, concurrency: number, maxCreates: number): Step {
    const sessions = this.refs.length
    switch (cycle) {
      case 'read':
        return async (worker, round) => {
          const i = sessionIndex(worker, round, concurrency, sessions)
          this.check(i, await this.target.read(this.refs[i] as string))
          return true
        }
      case 'modify':
        return async (worker, round) => {
          const i = sessionIndex(worker, round, concurrency, sessions)
          this.check(i, await this.target.modify(this.refs[i] as string))
          this.expected[i] = (this.expected[i] as number) + 1
          return true
        }
      case 'create': {
        let started = 0
        return async () => {
          if (started++ >= maxCreates) return false
          this.spare.push(await this.target.create())
          return true
        }
      }
      case 'destroy':
        return async () => {
          const ref = this.spare.pop()
          if (ref === undefined) return false
          await this.target.destroy(ref)
          return true
        }
    }
  }

  /** Create spare sessions (untimed) until there are `count`. */
  async topUp(count: number): Promise<void> {
    const missing = count - this.spare.length
    if (missing <= 0) return
    await runAll(missing, SETUP_CONCURRENCY, async () => {
      this.spare.push(await this.target.create())
    })
  }

  /** Destroy spare sessions (untimed) until at most `keep` are left. */
  async trim(keep = 0): Promise<void> {
    const extra = this.spare.splice(keep)
    await runAll(extra.length, SETUP_CONCURRENCY, async (i) => {
      await this.target.destroy(extra[i] as string)
    })
  }

  /** Destroy every session this workload made (untimed), seeded ones included. */
  async cleanup(): Promise<void> {
    await this.trim(0)
    const seeded = this.refs.splice(0)
    this.expected.splice(0)
    await runAll(seeded.length, SETUP_CONCURRENCY, async (i) => {
      await this.target.destroy(seeded[i] as string)
    })
  }

  private check(i: number, counter: number): void {
    if (counter !== this.expected[i]) {
      throw new Error(
        `${this.name}: session ${i} holds counter ${counter}, expected ${this.expected[i]} (an update was lost)`,
      )
    }
  }
}

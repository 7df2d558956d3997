import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks'

/**
 * One cycle by worker `worker` (0-based), its `round`-th (0-based). Resolves false when the
 * worker has nothing left to do (then it stops early).
 */
export type Step = (worker: number, round: number) => Promise<boolean | undefined>

/** What one timed run achieved. */
export interface RunResult {
  /** Cycles completed. */
  readonly cycles: number
  /** Wall time from the start until the last worker finished, in seconds. */
  readonly seconds: number
  /** True when a worker ran out of work before the deadline. */
  readonly exhausted: boolean
  /**
   * CPU time this process used meanwhile (user + system, every thread: the client, the
   * harness, GC), in µs. The servers' CPU is not in it: they are other processes.
   */
  readonly cpuMicros: number
  /** Time spent in garbage-collection pauses meanwhile, in µs (part of `cpuMicros`). */
  readonly gcMicros: number
}

/**
 * Run `step` in `concurrency` concurrent loops until `durationMs` has passed (a cycle started
 * before the deadline is finished and counted). Cycles per second is `cycles / seconds`.
 */
export async function runTimed(
  step: Step,
  concurrency: number,
  durationMs: number,
): Promise<RunResult> {
  let cycles = 0
  let exhausted = false
  const pauses: PerformanceEntry[] = []
  const gcObserver = new PerformanceObserver((list) => pauses.push(...list.getEntries()))
  gcObserver.observe({ entryTypes: ['gc'] })
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const deadline = started + durationMs
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let round = 0; performance.now() < deadline; round++) {
        if ((await step(worker, round)) === false) {
          exhausted = true
          return
        }
        cycles++
      }
    }),
  )
  const ended = performance.now()
  const cpu = process.cpuUsage(cpuBefore)
  // Node hands a collection's entry to observers from an immediate it schedules: let those run.
  await new Promise((resolve) => setImmediate(resolve))
  pauses.push(...gcObserver.takeRecords())
  gcObserver.disconnect()
  const gcMs = pauses
    .filter((pause) => pause.startTime >= started && pause.startTime < ended)
    .reduce((sum, pause) => sum + pause.duration, 0)
  const seconds = (ended - started) / 1000
  return { cycles, seconds, exhausted, cpuMicros: cpu.user + cpu.system, gcMicros: gcMs * 1000 }
}

/**
 * Run `step` in `concurrency` concurrent loops of `rounds` cycles each, untimed: the pre-roll
 * before a timed run, so that it starts with the connections a busy app would have (some
 * clients close idle connections while the other targets are measured).
 */
export async function runRounds(step: Step, concurrency: number, rounds: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let round = 0; round < rounds; round++) {
        if ((await step(worker, round)) === false) return
      }
    }),
  )
}

/**
 * The session worker `worker` of `concurrency` uses in round `round`, among `sessions`: each
 * worker walks its own share (indexes ≡ worker mod concurrency), so no two concurrent cycles
 * ever touch the same session, as with distinct users.
 */
export function sessionIndex(
  worker: number,
  round: number,
  concurrency: number,
  sessions: number,
): number {
  const share = Math.ceil((sessions - worker) / concurrency)
  if (share <= 0) throw new RangeError(`${sessions} sessions cannot feed ${concurrency} workers`)
  return worker + concurrency * (round % share)
}

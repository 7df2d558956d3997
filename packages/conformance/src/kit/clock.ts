import { sleep } from './support/time.js'

/**
 * The time the cases see and wait on. Timed cases are single timelines: they read `now()` and
 * wait with `sleep` or `sleepUntil`, never with timers of their own, so that a simulated clock
 * can run them without waiting.
 */
export interface CaseClock {
  /** Epoch milliseconds now, as the storage under test sees it. */
  now(): number
  /** Let `ms` milliseconds pass. */
  sleep(ms: number): Promise<void>
  /** Let time pass until `now()` reaches `epochMs` (at once when it already has). */
  sleepUntil(epochMs: number): Promise<void>
  /** True when time is simulated: the suite then runs its cases one at a time. */
  readonly simulated: boolean
}

/** Real time: `Date.now()` and timers. The default of every target. */
export const realClock: CaseClock = {
  now: () => Date.now(),
  sleep,
  sleepUntil: (epochMs) => sleep(Math.max(0, epochMs - Date.now())),
  simulated: false,
}

/** A simulated clock, with the means to put it in place of `Date.now()` and take it away. */
export interface SimulatedClock extends CaseClock {
  /** Make `Date.now()` follow this clock, until `uninstall()`. */
  install(): void
  /** Give `Date.now()` back its real time. */
  uninstall(): void
}

/**
 * A clock for in-process backends whose every notion of time comes from `Date.now()`: waiting
 * moves `Date.now()` forward at once (after letting pending I/O callbacks run) instead of
 * sleeping, so timed cases take no time. Cases then run one at a time, since one case's wait
 * moves time for all.
 *
 * Not for backends on a server (the server's clock does not move), nor for drivers that expire
 * records with timers of their own (those never fire early): for them the suite would miss
 * expiry bugs. Real time (the default) is right for every backend; this only makes the kit's
 * own mutation testing fast.
 */
export function createSimulatedClock(): SimulatedClock {
  const realNow = Date.now.bind(Date)
  let offset = 0
  const now = () => realNow() + offset
  const advance = async (ms: number) => {
    // Let work already under way (promise chains, file I/O callbacks) move on first.
    await new Promise((resolve) => setImmediate(resolve))
    offset += Math.max(0, ms)
  }
  return {
    now,
    sleep: advance,
    sleepUntil: (epochMs) => advance(epochMs - now()),
    simulated: true,
    install() {
      Date.now = now
    },
    uninstall() {
      Date.now = realNow
    },
  }
}

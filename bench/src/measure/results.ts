import type { Cycle } from '../targets/target.js'
import type { RunResult } from './throughput.js'

/** Where one figure of the matrix sits. */
export interface CellKey {
  readonly cycle: Cycle
  readonly sizeKiB: number
  readonly concurrency: number
}

/** One cell of the matrix for one target: its timed repetitions and their median. */
export interface Measurement {
  readonly target: string
  readonly cycle: Cycle
  readonly sizeKiB: number
  readonly concurrency: number
  /** The repetitions, in the order they ran. */
  readonly runs: readonly RunResult[]
  /** Cycles per second of each repetition. */
  readonly rates: readonly number[]
  /** The median of `rates`: the figure reported. */
  readonly median: number
  /** The median over the repetitions of this process's CPU time per cycle, in µs. */
  readonly cpuPerCycle: number
  /** The median over the repetitions of the garbage-collection pauses per cycle, in µs. */
  readonly gcPerCycle: number
}

/** A target that could not run here, and why. */
export interface Skipped {
  readonly target: string
  readonly reason: string
}

/** What one cycle of one target sends and receives, counted by the proxy (mean per cycle). */
export interface WireCount {
  readonly target: string
  readonly sizeKiB: number
  readonly cycle: Cycle
  /** Cycles counted. */
  readonly samples: number
  /** Client-send → server-reply turns per cycle. */
  readonly roundTrips: number
  readonly bytesToServer: number
  readonly bytesToClient: number
  /** TCP connections opened per cycle. */
  readonly connections: number
  /** For the modify cycle: bytes sent to the server by the save alone. */
  readonly saveBytesToServer?: number | undefined
  /**
   * The server process's CPU time per cycle in µs (user + system, all its threads): the median
   * of windows of counted cycles, each including the stats query that ends it.
   */
  readonly serverCpuMicros?: number | undefined
  /** Redis and Valkey: the time spent running commands (`INFO commandstats`, elapsed), in µs. */
  readonly serverCommandMicros?: number | undefined
}

import type { SessionStorage } from '@sessionkit/core'
import { formatLatency, type LatencySummary, summarizeLatency } from './latency.js'

/** How `runSoak` loads a storage. */
export interface SoakOptions {
  /** Requests in flight at once (default 128). */
  readonly concurrency?: number
  /** How long to keep them in flight, in ms. */
  readonly durationMs: number
  /** Workers sharing each session, each with a key of its own (default 2). */
  readonly workersPerSession?: number
}

/** What a soak measured. */
export interface SoakReport {
  readonly concurrency: number
  readonly sessions: number
  readonly durationMs: number
  /** Read + change one key + save cycles completed. */
  readonly cycles: number
  /** Cycles that threw, and the first few messages. */
  readonly errors: number
  readonly errorSamples: readonly string[]
  /**
   * Acknowledged saves missing afterwards: for each worker, its acknowledged count minus what
   * its key holds at the end, plus every read that saw less than the worker's last
   * acknowledged value.
   */
  readonly lostUpdates: number
  /** Latency of a whole cycle (read, then save). */
  readonly latency: LatencySummary
}

/**
 * Load `storage` for `durationMs` with `concurrency` workers, each repeating read -> increment
 * its own key -> save on a session it shares with `workersPerSession - 1` others (so concurrent
 * saves of different keys of one session are exercised), then count lost updates. Nothing here
 * fails a test: assert on the report.
 */
export async function runSoak(storage: SessionStorage, options: SoakOptions): Promise<SoakReport> {
  const concurrency = options.concurrency ?? 128
  const perSession = options.workersPerSession ?? 2
  const sessions = Math.ceil(concurrency / perSession)
  const keyOf = (worker: number) => `w${worker % perSession}`
  const cookies: string[] = []
  for (let i = 0; i < sessions; i++) {
    const session = await storage.read(null)
    for (let w = 0; w < perSession; w++) session.set(`w${w}`, 0)
    cookies.push(String(await storage.save(session)))
  }
  const acked = new Array<number>(concurrency).fill(0)
  const latencies: number[] = []
  const errorSamples: string[] = []
  let errors = 0
  let staleReads = 0
  const deadline = performance.now() + options.durationMs
  const started = performance.now()

  const worker = async (index: number) => {
    const cookie = cookies[Math.floor(index / perSession)] ?? ''
    const key = keyOf(index)
    while (performance.now() < deadline) {
      const begun = performance.now()
      try {
        const session = await storage.read(cookie)
        const seen = Number(session.get(key) ?? -1)
        if (session.isNew || seen < (acked[index] ?? 0)) staleReads++
        session.set(key, (acked[index] ?? 0) + 1)
        await storage.save(session)
        acked[index] = (acked[index] ?? 0) + 1
        latencies.push(performance.now() - begun)
      } catch (error) {
        errors++
        if (errorSamples.length < 5) errorSamples.push(String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)))
  const durationMs = performance.now() - started

  let missing = 0
  for (const [index, count] of acked.entries()) {
    const session = await storage.read(cookies[Math.floor(index / perSession)] ?? '')
    const stored = Number(session.get(keyOf(index)) ?? 0)
    if (stored < count) missing += count - stored
  }
  return {
    concurrency,
    sessions,
    durationMs,
    cycles: latencies.length,
    errors,
    errorSamples,
    lostUpdates: missing + staleReads,
    latency: summarizeLatency(latencies),
  }
}

/** One line for a test's output: what the soak did and measured. */
export function formatSoakReport(name: string, report: SoakReport): string {
  const seconds = report.durationMs / 1000
  return (
    `soak ${name}: ${report.concurrency} concurrent on ${report.sessions} sessions for ` +
    `${seconds.toFixed(1)} s: ${report.cycles} cycles (${Math.round(report.cycles / seconds)}/s), ` +
    `${report.errors} errors, ${report.lostUpdates} lost updates; cycle latency ` +
    formatLatency(report.latency)
  )
}

/** Soak duration for tests: `SESSIONKIT_SOAK_SECONDS` (full mode: 60), else `quickMs`. */
export function soakDurationMs(quickMs = 3_000): number {
  const seconds = Number(process.env.SESSIONKIT_SOAK_SECONDS)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : quickMs
}

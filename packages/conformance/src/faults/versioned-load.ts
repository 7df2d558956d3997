import type { SessionStorage } from '@sessionkit/core'
import { formatLatency, type LatencySummary, summarizeLatency } from './latency.js'

/** One storage call made by a `VersionedLoad`, as it ended. */
export interface LoadCall {
  /** When it started, ms since the load started. */
  readonly at: number
  /** How long it took, in ms. */
  readonly ms: number
  /** The error it threw; undefined when it succeeded. */
  readonly error?: unknown
}

/** How each session of a `VersionedLoad` reads once the load is over. */
export interface LoadVerdict {
  /** Sessions whose fields all hold one version, no older than the last acknowledged save. */
  readonly intact: number
  /** Sessions whose fields hold different versions: a partial write. */
  readonly mixed: number
  /** Sessions found with a version older than an acknowledged save. */
  readonly olderThanAcknowledged: number
  /** Sessions not found at all (read as new). */
  readonly gone: number
  /** Acknowledged saves, over all sessions. */
  readonly acknowledgedSaves: number
}

/** The fields every session of a load holds, all with the same version. */
const FIELDS = ['a', 'b', 'c', 'd'] as const

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Keeps `sessions` sessions under load, one worker each: read, then write the next version
 * into every field, then save. Each attempt writes a version higher than any before, so
 * afterwards a session must read as one version (no mix) between its last acknowledged save
 * and its last attempt. Failing calls are recorded with their duration and error; a worker
 * that failed waits `backoffMs` before its next call.
 */
export class VersionedLoad {
  readonly calls: LoadCall[] = []
  readonly #storage: SessionStorage
  readonly #cookies: string[]
  readonly #acked: number[]
  readonly #attempted: number[]
  readonly #started = performance.now()
  #running = true
  #workers: Promise<void>[] = []

  private constructor(storage: SessionStorage, cookies: string[]) {
    this.#storage = storage
    this.#cookies = cookies
    this.#acked = cookies.map(() => 0)
    this.#attempted = cookies.map(() => 0)
  }

  /** Create `sessions` sessions at version 0 and start the workers. */
  static async start(
    storage: SessionStorage,
    sessions: number,
    backoffMs = 20,
  ): Promise<VersionedLoad> {
    const cookies = await Promise.all(
      Array.from({ length: sessions }, async () => {
        const session = await storage.read(null)
        for (const field of FIELDS) session.set(field, 0)
        return String(await storage.save(session))
      }),
    )
    const load = new VersionedLoad(storage, cookies)
    load.#workers = cookies.map((_, index) => load.#work(index, backoffMs))
    return load
  }

  /** Cookie values of the sessions under load. */
  get cookies(): readonly string[] {
    return this.#cookies
  }

  /** Ms since the load started. */
  now(): number {
    return performance.now() - this.#started
  }

  /** Calls that ended after `since` (ms since the start), split into successes and failures. */
  callsSince(since: number): { ok: LoadCall[]; failed: LoadCall[] } {
    const recent = this.calls.filter((call) => call.at + call.ms >= since)
    return {
      ok: recent.filter((call) => call.error === undefined),
      failed: recent.filter((call) => call.error !== undefined),
    }
  }

  /** Resolves once some call that started after `since` (ms since the start) succeeded. */
  async succeededSince(since: number, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const first = this.calls.find((call) => call.at >= since && call.error === undefined)
      if (first) return first.at + first.ms
      if (performance.now() > deadline) {
        throw new Error(`No storage call succeeded within ${timeoutMs} ms`)
      }
      await sleep(10)
    }
  }

  /** Stop the workers (each finishes its current cycle). */
  async stop(): Promise<void> {
    this.#running = false
    await Promise.all(this.#workers)
  }

  /** Read every session and judge it against what was acknowledged and attempted. */
  async verify(storage: SessionStorage = this.#storage): Promise<LoadVerdict> {
    let intact = 0
    let mixed = 0
    let older = 0
    let gone = 0
    for (const [index, cookie] of this.#cookies.entries()) {
      const session = await storage.read(cookie)
      if (session.isNew) {
        gone++
        continue
      }
      const versions = new Set(FIELDS.map((field) => session.get(field)))
      const [version] = versions
      if (versions.size !== 1 || typeof version !== 'number') mixed++
      else if (version < (this.#acked[index] ?? 0) || version > (this.#attempted[index] ?? 0)) {
        older++
      } else intact++
    }
    const acknowledgedSaves = this.#acked.reduce((sum, count) => sum + count, 0)
    return { intact, mixed, olderThanAcknowledged: older, gone, acknowledgedSaves }
  }

  /** Latency of the successful calls that ended after `since`. */
  latencySince(since: number): LatencySummary {
    return summarizeLatency(this.callsSince(since).ok.map((call) => call.ms))
  }

  async #work(index: number, backoffMs: number): Promise<void> {
    const cookie = this.#cookies[index] ?? ''
    while (this.#running) {
      const at = this.now()
      const version = Math.max(this.#acked[index] ?? 0, this.#attempted[index] ?? 0) + 1
      try {
        const session = await this.#storage.read(cookie)
        if (!session.isNew) {
          for (const field of FIELDS) session.set(field, version)
          this.#attempted[index] = version
          await this.#storage.save(session)
          this.#acked[index] = version
        }
        this.calls.push({ at, ms: this.now() - at })
      } catch (error) {
        this.calls.push({ at, ms: this.now() - at, error })
        await sleep(backoffMs)
      }
    }
  }
}

/** One line: calls, failures, their codes and the slowest failure. */
export function formatCalls(what: string, calls: readonly LoadCall[]): string {
  const failed = calls.filter((call) => call.error !== undefined)
  const codes = new Map<string, number>()
  for (const call of failed) {
    const code = String((call.error as { code?: unknown }).code ?? 'untyped')
    codes.set(code, (codes.get(code) ?? 0) + 1)
  }
  const slowest = Math.max(0, ...failed.map((call) => call.ms))
  const ok = summarizeLatency(calls.filter((call) => call.error === undefined).map((c) => c.ms))
  return (
    `${what}: ${calls.length} calls, ${failed.length} failed ` +
    `(${[...codes].map(([code, n]) => `${code} x${n}`).join(', ') || 'none'}; slowest failure ` +
    `${slowest.toFixed(0)} ms); successes ${formatLatency(ok)}`
  )
}

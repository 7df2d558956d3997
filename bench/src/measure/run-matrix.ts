import type { BenchOptions } from '../cli/options.js'
import type { RunningServers } from '../servers/servers.js'
import { sessionFields } from '../session/session-fields.js'
import type { Cycle, TargetDefinition } from '../targets/target.js'
import type { Measurement, Skipped } from './results.js'
import { median } from './stats.js'
import { runTimed } from './throughput.js'
import { Workload } from './workload.js'

/** Bytes of sessions one create measurement may leave behind before it stops early. */
const CREATE_BUDGET_BYTES = 256 * 1024 ** 2
/** Spare sessions made for the destroy warm-up. */
const WARM_DESTROY_POOL = 256
/** Spare sessions per expected destroy: the estimate is rough. */
const POOL_MARGIN = 1.5

/** What the throughput pass needs. */
export interface MatrixContext {
  readonly options: BenchOptions
  readonly targets: readonly TargetDefinition[]
  readonly servers: RunningServers
  /** Distinguishes this run's keys from any other's on a shared server. */
  readonly runId: string
  /** Progress, one line at a time (stderr). */
  readonly log: (line: string) => void
}

/** Open `def` on its server with a fresh prefix. */
export function openTarget(
  def: TargetDefinition,
  context: Pick<MatrixContext, 'servers' | 'runId' | 'options'>,
  sizeKiB: number,
  endpoint = def.server ? context.servers.endpoint(def.server) : undefined,
) {
  return def.open({
    endpoint,
    prefix: `bench:${context.runId}:${def.name}:${sizeKiB}:`,
    fields: sessionFields(sizeKiB * 1024),
    ttl: context.options.ttl,
  })
}

/**
 * The throughput pass: for each size, open and seed every target, warm each cycle up, then
 * for each concurrency and cycle run the repetitions round-robin over the targets (the order
 * rotated each repetition) and keep the median.
 */
export async function runMatrix(
  context: MatrixContext,
): Promise<{ measurements: Measurement[]; skipped: Skipped[] }> {
  const { options, log } = context
  const measurements: Measurement[] = []
  const skipped = new Map<string, string>()
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
  const cellCount = options.sizes.length * options.concurrency.length * options.cycles.length
  let cell = 0
  const started = performance.now()

  for (const sizeKiB of options.sizes) {
    const maxCreates = Math.max(1_000, Math.floor(CREATE_BUDGET_BYTES / (sizeKiB * 1024)))
    const workloads = await openAll(context, sizeKiB, skipped)
    try {
      const destroyRate = await warmUp(workloads, options, maxCreates)
      const poolFor = (w: Workload, concurrency: number) =>
        Math.min(
          maxCreates,
          Math.ceil(((destroyRate.get(w.name) ?? 0) * options.durationMs * POOL_MARGIN) / 1000) +
            2 * concurrency,
        )
      for (const concurrency of options.concurrency) {
        for (const cycle of options.cycles) {
          const rates = new Map<string, number[]>(workloads.map((w) => [w.name, []]))
          const runs = new Map<string, Measurement['runs'][number][]>(
            workloads.map((w) => [w.name, []]),
          )
          for (let rep = 0; rep < options.reps; rep++) {
            for (const w of rotate(workloads, rep)) {
              if (cycle === 'destroy') await w.topUp(poolFor(w, concurrency))
              gc()
              const run = await runTimed(
                w.step(cycle, concurrency, maxCreates),
                concurrency,
                options.durationMs,
              )
              const rate = run.cycles / run.seconds
              if (cycle === 'destroy') destroyRate.set(w.name, rate)
              rates.get(w.name)?.push(rate)
              runs.get(w.name)?.push(run)
            }
          }
          await Promise.all(
            workloads.map((w) =>
              w.trim(
                cycle === 'create' && options.cycles.includes('destroy')
                  ? poolFor(w, concurrency)
                  : 0,
              ),
            ),
          )
          for (const w of workloads) {
            const values = rates.get(w.name) ?? []
            measurements.push({
              target: w.name,
              cycle,
              sizeKiB,
              concurrency,
              runs: runs.get(w.name) ?? [],
              rates: values,
              median: median(values),
            })
          }
          cell++
          log(progressLine(cell, cellCount, started, sizeKiB, concurrency, cycle, measurements))
        }
      }
    } finally {
      await closeAll(workloads)
    }
  }
  return {
    measurements,
    skipped: [...skipped].map(([target, reason]) => ({ target, reason })),
  }
}

async function openAll(
  context: MatrixContext,
  sizeKiB: number,
  skipped: Map<string, string>,
): Promise<Workload[]> {
  const workloads: Workload[] = []
  try {
    for (const def of context.targets) {
      if (skipped.has(def.name)) continue
      let workload: Workload | undefined
      try {
        workload = new Workload(def.name, await openTarget(def, context, sizeKiB))
        await workload.seed(context.options.sessions)
        workloads.push(workload)
      } catch (error) {
        await workload?.target.close().catch(() => {})
        if (!def.optional) throw error
        const reason = error instanceof Error ? error.message : String(error)
        skipped.set(def.name, reason)
        context.log(`${def.name}: skipped, it cannot run here: ${reason}`)
      }
    }
  } catch (error) {
    await closeAll(workloads)
    throw error
  }
  context.log(
    `${sizeKiB} KiB: ${workloads.length} targets open, ${context.options.sessions} sessions each`,
  )
  return workloads
}

/** Run each cycle once untimed per target; the destroy rates seen, to size the spare pools. */
async function warmUp(
  workloads: readonly Workload[],
  options: BenchOptions,
  maxCreates: number,
): Promise<Map<string, number>> {
  const concurrency = Math.min(32, Math.max(...options.concurrency))
  const destroyRate = new Map<string, number>()
  for (const w of workloads) {
    for (const cycle of options.cycles) {
      if (cycle === 'destroy') await w.topUp(WARM_DESTROY_POOL)
      const run = await runTimed(
        w.step(cycle, concurrency, maxCreates),
        concurrency,
        options.warmupMs,
      )
      if (cycle === 'destroy') destroyRate.set(w.name, run.cycles / run.seconds)
    }
  }
  return destroyRate
}

async function closeAll(workloads: readonly Workload[]): Promise<void> {
  for (const w of workloads) {
    await w.cleanup().catch(() => {})
    await w.target.close().catch(() => {})
  }
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = items.length === 0 ? 0 : by % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}

function progressLine(
  cell: number,
  cells: number,
  started: number,
  sizeKiB: number,
  concurrency: number,
  cycle: Cycle,
  measurements: readonly Measurement[],
): string {
  const elapsed = (performance.now() - started) / 1000
  const left = Math.round((elapsed / cell) * (cells - cell))
  const figures = measurements
    .filter((m) => m.sizeKiB === sizeKiB && m.concurrency === concurrency && m.cycle === cycle)
    .map((m) => `${m.target} ${Math.round(m.median)}`)
    .join(', ')
  return `[${cell}/${cells}, ~${left}s left] ${sizeKiB} KiB x${concurrency} ${cycle}: ${figures}`
}

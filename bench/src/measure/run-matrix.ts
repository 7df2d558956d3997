import type { BenchOptions } from '../cli/options.js'
import { type MatrixContext, openTarget } from './open-target.js'
import type { CellKey, Measurement, Skipped } from './results.js'
import { median } from './stats.js'
import { type RunResult, runRounds, runTimed } from './throughput.js'
import { Workload } from './workload.js'

/** Bytes of sessions one create measurement may leave behind before it stops early. */
const CREATE_BUDGET_BYTES = 256 * 1024 ** 2
/** Spare sessions made for the destroy warm-up. */
const WARM_DESTROY_POOL = 256
/** Spare sessions per expected destroy: the estimate is rough. */
const POOL_MARGIN = 2
/** Untimed cycles each worker runs right before a timed repetition. */
const PRE_ROLL_ROUNDS = 2

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
  const progress = {
    cells: options.sizes.length * options.concurrency.length * options.cycles.length,
    done: 0,
    started: performance.now(),
    timedMs: 0,
  }
  for (const sizeKiB of options.sizes) {
    const workloads = await openAll(context, sizeKiB, skipped)
    try {
      const size = await prepareSize(workloads, options, sizeKiB)
      for (const concurrency of options.concurrency) {
        for (const cycle of options.cycles) {
          const cell = { cycle, sizeKiB, concurrency }
          measurements.push(...(await measureCell(workloads, options, size, cell, progress)))
          progress.done++
          log(progressLine(progress, cell, measurements))
        }
      }
    } finally {
      await closeAll(workloads)
    }
  }
  const totalSeconds = (performance.now() - progress.started) / 1000
  log(
    `throughput pass: ${Math.round(totalSeconds)} s, of which ${Math.round(progress.timedMs / 1000)} s timed`,
  )
  return {
    measurements,
    skipped: [...skipped].map(([target, reason]) => ({ target, reason })),
  }
}

/** Per-size state: the create bound and each target's latest destroy rate. */
interface SizeState {
  readonly maxCreates: number
  readonly destroyRate: Map<string, number>
}

interface Progress {
  readonly cells: number
  done: number
  readonly started: number
  timedMs: number
}

async function prepareSize(
  workloads: readonly Workload[],
  options: BenchOptions,
  sizeKiB: number,
): Promise<SizeState> {
  const maxCreates = Math.max(1_000, Math.floor(CREATE_BUDGET_BYTES / (sizeKiB * 1024)))
  return { maxCreates, destroyRate: await warmUp(workloads, options, maxCreates) }
}

/** The repetitions of one cell, round-robin over the targets; one measurement per target. */
async function measureCell(
  workloads: readonly Workload[],
  options: BenchOptions,
  size: SizeState,
  cell: CellKey,
  progress: Progress,
): Promise<Measurement[]> {
  const { cycle, concurrency } = cell
  const gc = (globalThis as { gc?: (options?: { type: 'major' | 'minor' }) => void }).gc
  gc?.({ type: 'major' })
  const poolFor = (w: Workload) =>
    Math.min(
      size.maxCreates,
      Math.ceil(((size.destroyRate.get(w.name) ?? 0) * options.durationMs * POOL_MARGIN) / 1000) +
        (PRE_ROLL_ROUNDS + 2) * concurrency,
    )
  const runs = new Map<string, RunResult[]>(workloads.map((w) => [w.name, []]))
  for (let rep = 0; rep < options.reps; rep++) {
    for (const w of rotate(workloads, rep)) {
      if (cycle === 'destroy') await w.topUp(poolFor(w))
      await runRounds(w.step(cycle, concurrency, size.maxCreates), concurrency, PRE_ROLL_ROUNDS)
      // What the previous target left young; a full GC per repetition would cost more than
      // the run on a busy machine, so old garbage gets one per cell (above), rotation the rest.
      gc?.({ type: 'minor' })
      const timedFrom = performance.now()
      const run = await runTimed(
        w.step(cycle, concurrency, size.maxCreates),
        concurrency,
        options.durationMs,
      )
      progress.timedMs += performance.now() - timedFrom
      if (cycle === 'destroy') size.destroyRate.set(w.name, run.cycles / run.seconds)
      runs.get(w.name)?.push(run)
    }
  }
  const keepForDestroy = cycle === 'create' && options.cycles.includes('destroy')
  await Promise.all(workloads.map((w) => w.trim(keepForDestroy ? poolFor(w) : 0)))
  return workloads.map((w) => {
    const done = runs.get(w.name) ?? []
    const rates = done.map((run) => run.cycles / run.seconds)
    const perCycle = (micros: (run: RunResult) => number) =>
      median(done.map((run) => micros(run) / Math.max(1, run.cycles)))
    return {
      target: w.name,
      ...cell,
      runs: done,
      rates,
      median: median(rates),
      cpuPerCycle: perCycle((run) => run.cpuMicros),
      gcPerCycle: perCycle((run) => run.gcMicros),
    }
  })
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
  progress: Progress,
  cell: CellKey,
  measurements: readonly Measurement[],
): string {
  const elapsed = (performance.now() - progress.started) / 1000
  const left = Math.round((elapsed / progress.done) * (progress.cells - progress.done))
  const figures = measurements
    .filter(
      (m) =>
        m.sizeKiB === cell.sizeKiB && m.concurrency === cell.concurrency && m.cycle === cell.cycle,
    )
    .map((m) => `${m.target} ${Math.round(m.median)}`)
    .join(', ')
  return `[${progress.done}/${progress.cells}, ~${left}s left] ${cell.sizeKiB} KiB x${cell.concurrency} ${cell.cycle}: ${figures}`
}

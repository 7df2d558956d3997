import { type BenchOptions, UsageError } from '../cli/options.js'
import type { ServerName, TargetDefinition } from '../targets/target.js'

/** The targets `options` select, in registry order; throws on an unknown name. */
export function selectTargets(
  all: readonly TargetDefinition[],
  options: Pick<BenchOptions, 'targets' | 'families'>,
): TargetDefinition[] {
  const unknown = options.targets?.filter((name) => !all.some((t) => t.name === name)) ?? []
  if (unknown.length > 0) {
    throw new UsageError(
      `--targets: unknown ${unknown.join(', ')} (known: ${all.map((t) => t.name).join(', ')})`,
    )
  }
  const selected = all.filter(
    (target) =>
      (!options.targets || options.targets.includes(target.name)) &&
      (!options.families || options.families.includes(target.family)),
  )
  if (selected.length === 0) throw new UsageError('no target matches --targets and --family')
  return selected
}

/** The servers `targets` need, each once. */
export function serversOf(targets: readonly TargetDefinition[]): ServerName[] {
  return [...new Set(targets.flatMap((target) => (target.server ? [target.server] : [])))]
}

/**
 * Time per timed repetition beyond its duration (pre-roll, GC, spare sessions, the last
 * cycles after the deadline), ms; measured on a busy 2-core machine.
 */
const OVERHEAD_PER_REP_MS = 60
/** Time to open, seed and clean up one target at one size, ms. */
const SETUP_PER_TARGET_MS = 800
/** Time of the counting pass per networked target, size and cycle, ms. */
const COUNT_PER_CELL_MS = 300

/** A rough estimate of a run's length, in seconds, to print before it starts. */
export function estimateSeconds(
  options: Pick<
    BenchOptions,
    'sizes' | 'concurrency' | 'cycles' | 'reps' | 'durationMs' | 'warmupMs' | 'count'
  >,
  targets: readonly TargetDefinition[],
): number {
  const { sizes, concurrency, cycles, reps, durationMs, warmupMs } = options
  const measuring =
    sizes.length *
    concurrency.length *
    cycles.length *
    targets.length *
    reps *
    (durationMs + OVERHEAD_PER_REP_MS)
  const setup = sizes.length * targets.length * (SETUP_PER_TARGET_MS + cycles.length * warmupMs)
  const networked = targets.filter((target) => target.server).length
  const counting = options.count ? sizes.length * cycles.length * networked * COUNT_PER_CELL_MS : 0
  return (measuring + setup + counting) / 1000
}

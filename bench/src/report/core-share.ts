import type { Measurement } from '../measure/results.js'
import { type Cycle, DRIVER_TWIN_SUFFIX, type TargetDefinition } from '../targets/target.js'
import { markdownTable } from './markdown-table.js'
import { measurementLookup, pairedRatios } from './ratios.js'

/** What the core-share table needs of a run. */
export interface CoreShareInput {
  readonly concurrency: readonly number[]
  readonly targets: readonly TargetDefinition[]
  readonly measurements: readonly Measurement[]
}

/**
 * Core's share of a cycle's time for each sessionkit target measured beside its driver twin
 * (`--breakdown`): 1 − the target's rate ÷ its twin's, the range of that share over single
 * repetitions, and the client CPU per cycle the target spends beyond its twin (µs). Undefined
 * when no target has a measured twin.
 */
export function coreShareTable(
  input: CoreShareInput,
  cycle: Cycle,
  sizeKiB: number,
): string | undefined {
  const find = measurementLookup(input.measurements)
  const names = new Set(input.targets.map((target) => target.name))
  const rows: string[][] = []
  for (const target of input.targets) {
    const twin = target.name + DRIVER_TWIN_SUFFIX
    if (!names.has(twin)) continue
    const cells = input.concurrency.map((concurrency) => {
      const cell = { cycle, sizeKiB, concurrency }
      return formatShare(find(target.name, cell), find(twin, cell))
    })
    if (cells.some((cell) => cell !== '–')) rows.push([target.family, target.label, ...cells])
  }
  if (rows.length === 0) return undefined
  return [
    `## Core's share of the ${cycle} cycle, ${sizeKiB} KiB (--breakdown)`,
    '',
    "Each sessionkit target beside its driver twin: the same backend's driver, called directly with what core asks of it (load, then a one-field patch), without core's work around those calls (the id hash, the `Session`, value checks, size and key limits, deadlines). Share of the cycle's time: 1 − the target's cycles/s ÷ the twin's (medians of the repetitions), then the lowest and highest share of one repetition against the same rotation's twin, then the client CPU per cycle the target spends beyond its twin (µs). A range that reaches below 0% is noise.",
    '',
    markdownTable(['family', 'target', ...input.concurrency.map((c) => `x${c}`)], rows, [
      'left',
      'left',
    ]),
  ].join('\n')
}

function formatShare(target: Measurement | undefined, twin: Measurement | undefined): string {
  if (!target || !twin) return '–'
  const percent = (ratio: number) => `${((1 - ratio) * 100).toFixed(0)}%`
  const ratios = pairedRatios(target, twin) ?? []
  const range =
    ratios.length > 1 ? ` (${percent(Math.max(...ratios))} to ${percent(Math.min(...ratios))})` : ''
  const cpu = target.cpuPerCycle - twin.cpuPerCycle
  return `${percent(target.median / twin.median)}${range}, ${cpu.toFixed(1)} µs`
}

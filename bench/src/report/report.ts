import type { CellKey, Measurement, Skipped, WireCount } from '../measure/results.js'
import { FAMILIES } from '../targets/registry.js'
import type { Cycle, TargetDefinition } from '../targets/target.js'
import { coreShareTable } from './core-share.js'
import { formatCount, formatRate, formatRatio, markdownTable } from './markdown-table.js'
import { measurementLookup, pairedRatios, rateLookup, type Standing, standingOf } from './ratios.js'
import type { RunMeta } from './run-meta.js'
import { serverCpuTable } from './server-cpu.js'

/** Everything a report is made of. */
export interface BenchResults {
  readonly meta: RunMeta
  readonly cycles: readonly Cycle[]
  readonly sizes: readonly number[]
  readonly concurrency: readonly number[]
  readonly targets: readonly TargetDefinition[]
  readonly measurements: readonly Measurement[]
  readonly counts: readonly WireCount[]
  readonly skipped: readonly Skipped[]
  /** Chart files written beside the report. */
  readonly charts: readonly string[]
}

/** Two label columns on the left, figures on the right. */
const LABELS_LEFT = ['left', 'left'] as const

const CYCLE_TITLES: Record<Cycle, string> = {
  read: 'read-only (read, change nothing)',
  modify: 'modify (read, change one field, save)',
  create: 'create (new session of 10 fields, save)',
  destroy: 'destroy (read, destroy)',
}

/** The Markdown report of a run: settings, ratio summary, throughput tables, wire counts. */
export function renderReport(results: BenchResults): string {
  const sections = [header(results)]
  if (results.cycles.includes('modify')) {
    sections.push(summary(results, 'modify'), spreadTable(results, 'modify'))
  }
  for (const cycle of results.cycles) {
    for (const sizeKiB of results.sizes) sections.push(throughputTable(results, cycle, sizeKiB))
  }
  if (results.cycles.includes('modify')) {
    for (const sizeKiB of results.sizes) {
      sections.push(perCycleTable(results, 'modify', sizeKiB, CPU_FIGURE))
    }
    sections.push(perCycleTable(results, 'modify', results.sizes[0] as number, GC_FIGURE))
  }
  for (const cycle of results.cycles) {
    for (const sizeKiB of results.sizes) {
      const table = coreShareTable(results, cycle, sizeKiB)
      if (table) sections.push(table)
    }
  }
  if (results.counts.length > 0) sections.push(wireTable(results))
  const serverCpu = serverCpuTable(results)
  if (serverCpu) sections.push(serverCpu)
  if (results.skipped.length > 0) {
    sections.push(
      `## Not measured\n\n${results.skipped.map((s) => `- ${s.target}: ${s.reason}`).join('\n')}`,
    )
  }
  if (results.charts.length > 0) {
    sections.push(`## Charts\n\n${results.charts.map((file) => `- [${file}](${file})`).join('\n')}`)
  }
  return `${sections.join('\n\n')}\n`
}

function header({ meta }: BenchResults): string {
  const s = meta.settings
  const servers = Object.values(meta.servers).join(', ') || 'none'
  return [
    `# sessionkit bench (${meta.mode} run, ${meta.date})`,
    '',
    `Machine: ${meta.machine} (load average ${meta.load.start.toFixed(1)} at the start, ${meta.load.end.toFixed(1)} at the end); Node ${meta.node}; servers: ${servers}.`,
    `Figures are cycles/s, the median of ${s.reps} repetitions of ${s.durationMs} ms, run round-robin over the targets (order rotated each repetition) after a ${s.warmupMs} ms warm-up; ${s.sessions} sessions of 10 fields per target, TTL ${s.ttl} s${s.exposedGc ? '; a full GC before each cell, a young-generation GC before each repetition' : ''}. "xN" is the number of concurrent requests.${s.traced ? " sessionkit's storage tracing channels had a subscriber (`--trace`)." : ''}`,
  ].join('\n')
}

function concurrencyHeader(concurrency: readonly number[]): string[] {
  return concurrency.map((c) => `x${c}`)
}

function summary(results: BenchResults, cycle: Cycle): string {
  return standingsTable(
    results,
    cycle,
    [`## Summary: sessionkit ÷ fastest peer of its family (÷ its client's floor), ${cycle} cycle`],
    (standing) =>
      `${formatRatio(ratio(standing.rate, standing.bestPeer?.rate))} (${formatRatio(ratio(standing.rate, standing.floor?.rate))})`,
  )
}

/**
 * How far the summary's ratios move between repetitions: the lowest and highest ratio of one
 * repetition to the same repetition of the peer (and floor), which ran in the same rotation.
 */
function spreadTable(results: BenchResults, cycle: Cycle): string {
  const measurement = measurementLookup(results.measurements)
  const range = (values: number[] | undefined) =>
    values === undefined
      ? '–'
      : `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`
  return standingsTable(
    results,
    cycle,
    [
      `## Spread of the summary's ratios between repetitions, ${cycle} cycle`,
      '',
      "Each repetition's rate divided by the same repetition of the fastest peer (and of the floor), which ran in the same round-robin rotation: the lowest and the highest of those ratios. A target whose range straddles a threshold is not ahead of or behind it in this run.",
    ],
    (standing, target, cell) => {
      const own = measurement(target, cell)
      const peer = standing.bestPeer && measurement(standing.bestPeer.target, cell)
      const floor = standing.floor && measurement(standing.floor.target, cell)
      return `${range(pairedRatios(own, peer))} (${range(pairedRatios(own, floor))})`
    },
  )
}

/** A row per sessionkit target and size, a column per concurrency, each cell from its standing. */
function standingsTable(
  results: BenchResults,
  cycle: Cycle,
  heading: readonly string[],
  cellText: (standing: Standing, target: string, cell: CellKey) => string,
): string {
  const rate = rateLookup(results.measurements)
  const rows: string[][] = []
  for (const target of results.targets.filter((t) => t.kind === 'sessionkit')) {
    for (const sizeKiB of results.sizes) {
      const cells = results.concurrency.map((concurrency) => {
        const cell = { cycle, sizeKiB, concurrency }
        const standing = standingOf(target, cell, results.targets, rate)
        return standing ? cellText(standing, target.name, cell) : '–'
      })
      if (cells.some((cell) => cell !== '–')) rows.push([target.label, `${sizeKiB} KiB`, ...cells])
    }
  }
  return [
    ...heading,
    '',
    markdownTable(
      ['sessionkit target', 'size', ...concurrencyHeader(results.concurrency)],
      rows,
      LABELS_LEFT,
    ),
  ].join('\n')
}

function throughputTable(results: BenchResults, cycle: Cycle, sizeKiB: number): string {
  const rate = rateLookup(results.measurements)
  const rows: string[][] = []
  for (const family of FAMILIES) {
    for (const target of results.targets.filter((t) => t.family === family)) {
      const cells = results.concurrency.map((concurrency) => ({ cycle, sizeKiB, concurrency }))
      const figures = cells.map((cell) => rate(target.name, cell))
      if (figures.every((figure) => figure === undefined)) continue
      rows.push([
        family,
        target.notComparable ? `${target.label} †` : target.label,
        ...figures.map((f) => (f === undefined ? '–' : formatRate(f))),
      ])
      if (target.kind === 'sessionkit') rows.push(...ratioRows(results, target, cells, rate))
    }
  }
  const footnotes = results.targets
    .filter((t) => t.notComparable && rows.some((row) => row[1] === `${t.label} †`))
    .map((t) => `† not in the ratios: ${t.label} ${t.notComparable}.`)
  return [
    `## ${CYCLE_TITLES[cycle]}, ${sizeKiB} KiB: cycles/s`,
    '',
    markdownTable(
      ['family', 'target', ...concurrencyHeader(results.concurrency)],
      rows,
      LABELS_LEFT,
    ),
    ...(footnotes.length > 0 ? ['', ...footnotes] : []),
  ].join('\n')
}

function ratioRows(
  results: BenchResults,
  target: TargetDefinition,
  cells: readonly CellKey[],
  rate: ReturnType<typeof rateLookup>,
): string[][] {
  const standings = cells.map((cell) => standingOf(target, cell, results.targets, rate))
  const floorLabel = results.targets.find((t) => t.name === target.floor)?.label ?? 'floor'
  return [
    [
      '',
      '  ÷ fastest peer',
      ...standings.map((s) => (s ? formatRatio(ratio(s.rate, s.bestPeer?.rate)) : '–')),
    ],
    [
      '',
      `  ÷ ${floorLabel.replace(/^floor: /, 'floor ')}`,
      ...standings.map((s) => (s ? formatRatio(ratio(s.rate, s.floor?.rate)) : '–')),
    ],
  ]
}

/** What a table of µs per cycle shows. */
interface PerCycleFigure {
  /** Column heading before each concurrency, and the title's subject. */
  readonly name: 'CPU' | 'GC'
  readonly title: (cycle: Cycle, sizeKiB: number) => string
  readonly about: string
  readonly value: (measurement: Measurement) => number
  /** Whether to add each sessionkit target's ratio to its floor and the x1 wall-time split. */
  readonly compared: boolean
}

const CPU_FIGURE: PerCycleFigure = {
  name: 'CPU',
  title: (cycle, sizeKiB) => `Client CPU per ${cycle} cycle, ${sizeKiB} KiB: µs`,
  about:
    "The bench process's CPU time per cycle (user + system, all its threads: the client library, sessionkit or the peer, the harness, GC), median of the repetitions; the servers are other processes. Lower is better; the ratio rows compare with the floor's CPU. At x1 a cycle's wall time is this CPU plus waiting on the network and the server: the last two columns.",
  value: (measurement) => measurement.cpuPerCycle,
  compared: true,
}

const GC_FIGURE: PerCycleFigure = {
  name: 'GC',
  title: (cycle, sizeKiB) => `Garbage collection per ${cycle} cycle, ${sizeKiB} KiB: µs`,
  about:
    "The garbage-collection pauses of the bench process per cycle (part of the CPU above), median of the repetitions. A target far above its floor keeps garbage alive longer than a cycle: objects promoted to V8's old generation, collected by full collections.",
  value: (measurement) => measurement.gcPerCycle,
  compared: false,
}

/**
 * A figure of this process per cycle (`figure`) by target and concurrency; for CPU, at x1 (one
 * cycle at a time) also the wall time of a cycle split into that CPU and the rest: waiting on
 * the network and the server.
 */
function perCycleTable(
  results: BenchResults,
  cycle: Cycle,
  sizeKiB: number,
  figure: PerCycleFigure,
): string {
  const measurement = measurementLookup(results.measurements)
  const find = (target: string, concurrency: number) =>
    measurement(target, { cycle, sizeKiB, concurrency })
  const micros = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1))
  const split = figure.compared && results.concurrency.includes(1)
  const rows: string[][] = []
  for (const target of results.targets) {
    const cells = results.concurrency.map((concurrency) => find(target.name, concurrency))
    if (cells.every((cell) => cell === undefined)) continue
    const one = find(target.name, 1)
    const wall = one === undefined ? undefined : 1e6 / one.median
    rows.push([
      target.family,
      target.label,
      ...cells.map((cell) => micros(cell && figure.value(cell))),
      ...(split
        ? [
            micros(wall),
            micros(one && wall !== undefined ? Math.max(0, wall - one.cpuPerCycle) : undefined),
          ]
        : []),
    ])
    const floor = results.targets.find((t) => t.name === target.floor)
    if (!figure.compared || target.kind !== 'sessionkit' || !floor) continue
    rows.push([
      '',
      `  ÷ ${floor.label.replace(/^floor: /, 'floor ')}`,
      ...results.concurrency.map((concurrency, i) => {
        const own = cells[i]
        const floors = find(floor.name, concurrency)
        return formatRatio(ratio(own ? figure.value(own) : 0, floors && figure.value(floors)))
      }),
      ...(split ? ['', ''] : []),
    ])
  }
  return [
    `## ${figure.title(cycle, sizeKiB)}`,
    '',
    figure.about,
    '',
    markdownTable(
      [
        'family',
        'target',
        ...concurrencyHeader(results.concurrency).map((c) => `${figure.name} ${c}`),
        ...(split ? ['wall x1', 'waiting x1'] : []),
      ],
      rows,
      LABELS_LEFT,
    ),
  ].join('\n')
}

function wireTable(results: BenchResults): string {
  const cycles = results.cycles
  const find = (target: string, cycle: Cycle, sizeKiB: number) =>
    results.counts.find((c) => c.target === target && c.cycle === cycle && c.sizeKiB === sizeKiB)
  const rows: string[][] = []
  for (const target of results.targets) {
    if (!results.counts.some((c) => c.target === target.name)) continue
    const trips = cycles.map((cycle) => {
      const values = [
        ...new Set(results.sizes.map((s) => formatCount(find(target.name, cycle, s)?.roundTrips))),
      ]
      return values.join(' / ')
    })
    const saves = cycles.includes('modify')
      ? results.sizes.map((s) => formatCount(find(target.name, 'modify', s)?.saveBytesToServer))
      : []
    const connects = cycles.map((cycle) => find(target.name, cycle, results.sizes[0] as number))
    const connections = connects.some((c) => (c?.connections ?? 0) > 0)
      ? connects.map((c) => formatCount(c?.connections)).join(' / ')
      : '0'
    rows.push([target.family, target.label, ...trips, ...saves, connections])
  }
  const header = [
    'family',
    'target',
    ...cycles.map((cycle) => `round trips: ${cycle}`),
    ...(cycles.includes('modify') ? results.sizes.map((s) => `bytes/save ${s} KiB`) : []),
    `new TCP connections: ${cycles.join(' / ')}`,
  ]
  return [
    '## On the wire: round trips per cycle, bytes sent to the server per save',
    '',
    `Counted through an in-process TCP proxy in a separate pass, one cycle at a time, mean of ${results.counts[0]?.samples} cycles after 3 untimed ones. A round trip is a client send answered by the server (pipelined commands answered together count once). "bytes/save" is what the client sent from the end of the read to the end of the save, one field changed.`,
    '',
    markdownTable(header, rows, LABELS_LEFT),
  ].join('\n')
}

function ratio(value: number, reference: number | undefined): number | undefined {
  return reference === undefined || reference === 0 ? undefined : value / reference
}

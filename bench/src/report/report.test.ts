import { describe, expect, it } from 'vitest'
import type { Measurement, WireCount } from '../measure/results.js'
import type { TargetDefinition } from '../targets/target.js'
import { type BenchResults, renderReport } from './report.js'
import type { RunMeta } from './run-meta.js'
import { unopened } from './test-targets.js'

const open = unopened
const TARGETS: TargetDefinition[] = [
  { name: 'sk', label: 'sessionkit x', family: 'redis', kind: 'sessionkit', floor: 'raw', open },
  { name: 'slow', label: 'slow peer', family: 'redis', kind: 'peer', open },
  { name: 'fast', label: 'fast peer', family: 'redis', kind: 'peer', open },
  {
    name: 'unsafe',
    label: 'unsafe peer',
    family: 'redis',
    kind: 'peer',
    notComparable: 'keeps no copy',
    open,
  },
  { name: 'other', label: 'other family', family: 'memory', kind: 'peer', open },
  { name: 'raw', label: 'floor: raw', family: 'redis', kind: 'floor', open },
]

function measured(
  target: string,
  concurrency: number,
  median: number,
  cpuPerCycle = 50,
  rates = [median, median, median],
): Measurement {
  const gcPerCycle = cpuPerCycle / 10
  const runs = rates.map(() => ({
    cycles: median,
    seconds: 1,
    exhausted: false,
    cpuMicros: cpuPerCycle * median,
    gcMicros: gcPerCycle * median,
  }))
  return {
    target,
    cycle: 'modify',
    sizeKiB: 1,
    concurrency,
    runs,
    rates,
    median,
    cpuPerCycle,
    gcPerCycle,
  }
}

const META: RunMeta = {
  date: '2026-01-01T00:00:00.000Z',
  mode: 'full',
  machine: 'test CPU × 2, 24 GiB',
  load: { start: 1, end: 2 },
  node: 'v20.19.0',
  servers: { redis8: 'redis 8.0.2' },
  libraries: {},
  settings: {
    reps: 3,
    durationMs: 400,
    warmupMs: 300,
    sessions: 1000,
    ttl: 3600,
    exposedGc: true,
    traced: false,
  },
}

const COUNT: WireCount = {
  target: 'sk',
  sizeKiB: 1,
  cycle: 'modify',
  samples: 20,
  roundTrips: 2,
  bytesToServer: 400,
  bytesToClient: 1200,
  connections: 0,
  saveBytesToServer: 298.5,
}

const results: BenchResults = {
  meta: META,
  cycles: ['modify'],
  sizes: [1],
  concurrency: [1, 32],
  targets: TARGETS,
  measurements: [
    measured('sk', 1, 5_000, 60, [4_000, 5_000, 6_000]),
    measured('slow', 1, 4_000),
    measured('fast', 1, 8_000, 50, [8_000, 8_000, 10_000]),
    measured('unsafe', 1, 100_000),
    measured('other', 1, 1_000_000),
    measured('raw', 1, 10_000, 40, [12_000, 10_000, 6_000]),
    measured('sk', 32, 15_000, 30),
    measured('slow', 32, 30_000),
    measured('fast', 32, 20_000),
    measured('raw', 32, 25_000, 20),
  ],
  counts: [COUNT],
  skipped: [{ target: 'glide', reason: 'no binary for this platform' }],
  charts: ['throughput-vs-concurrency-modify.svg'],
}

describe('renderReport', () => {
  const report = renderReport(results)
  /** The cells of every table row whose first cells are `leading`, section by section. */
  const rows = (...leading: string[]) =>
    report
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      )
      .filter((cells) => leading.every((cell, i) => cells[i] === cell))

  it('compares each sessionkit target with the fastest comparable peer of its own family', () => {
    // x1: fast (8,000) beats slow; unsafe and the memory family do not count. x32: slow wins.
    expect(rows('', '÷ fastest peer')).toEqual([['', '÷ fastest peer', '0.63×', '0.50×']])
    expect(rows('', '÷ floor raw')[0]).toEqual(['', '÷ floor raw', '0.50×', '0.60×'])
    expect(rows('sessionkit x', '1 KiB')[0]).toEqual([
      'sessionkit x',
      '1 KiB',
      '0.63× (0.50×)',
      '0.50× (0.60×)',
    ])
  })

  it('shows every target measured, a dash where a cell is missing, and marks the incomparable', () => {
    const [throughput] = rows('redis', 'sessionkit x')
    expect(throughput).toEqual(['redis', 'sessionkit x', '5,000', '15,000'])
    expect(rows('redis', 'unsafe peer †')[0]).toEqual(['redis', 'unsafe peer †', '100,000', '–'])
    expect(rows('memory', 'other family')[0]).toEqual(['memory', 'other family', '1,000,000', '–'])
    expect(report).toContain('† not in the ratios: unsafe peer keeps no copy.')
  })

  it('gives the range of the ratios repetition by repetition, each against the same rotation', () => {
    // x1: 4,000/8,000, 5,000/8,000, 6,000/10,000 against the peer; 4,000/12,000, 5,000/10,000,
    // 6,000/6,000 against the floor. x32: every repetition alike.
    expect(report).toContain("## Spread of the summary's ratios between repetitions, modify cycle")
    expect(rows('sessionkit x', '1 KiB')[1]).toEqual([
      'sessionkit x',
      '1 KiB',
      '0.50–0.63× (0.33–1.00×)',
      '0.50–0.50× (0.60–0.60×)',
    ])
  })

  it("reports client CPU per cycle beside the floor's, and splits the x1 wall time", () => {
    const [, cpu] = rows('redis', 'sessionkit x')
    // x1: 1e6 / 5,000 cycles/s = 200 µs a cycle, 60 of them CPU here, 140 waiting.
    expect(cpu).toEqual(['redis', 'sessionkit x', '60.0', '30.0', '200.0', '140.0'])
    expect(rows('redis', 'floor: raw')[1]).toEqual([
      'redis',
      'floor: raw',
      '40.0',
      '20.0',
      '100.0',
      '60.0',
    ])
    expect(rows('', '÷ floor raw')[1]).toEqual(['', '÷ floor raw', '1.50×', '1.50×', '', ''])
    // More CPU than wall time (GC threads beside the main one) leaves no waiting, not less.
    expect(rows('memory', 'other family')[1]).toEqual([
      'memory',
      'other family',
      '50.0',
      '–',
      '1.0',
      '0.0',
    ])
  })

  it('reports the garbage-collection pauses per cycle of every target, without ratios', () => {
    expect(report).toContain('## Garbage collection per modify cycle, 1 KiB: µs')
    expect(rows('redis', 'sessionkit x')[2]).toEqual(['redis', 'sessionkit x', '6.0', '3.0'])
    expect(rows('redis', 'floor: raw')[2]).toEqual(['redis', 'floor: raw', '4.0', '2.0'])
    // The ratio rows are the throughput table's and the CPU table's.
    expect(rows('', '÷ floor raw')).toHaveLength(2)
  })

  it('reports the counted wire figures, skipped targets and charts', () => {
    const [, , , wire] = rows('redis', 'sessionkit x')
    expect(wire).toEqual(['redis', 'sessionkit x', '2', '298.5', '0'])
    expect(report).toContain('- glide: no binary for this platform')
    expect(report).toContain(
      '[throughput-vs-concurrency-modify.svg](throughput-vs-concurrency-modify.svg)',
    )
  })
})

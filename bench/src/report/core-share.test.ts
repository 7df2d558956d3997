import { describe, expect, it } from 'vitest'
import type { Measurement } from '../measure/results.js'
import { coreShareTable } from './core-share.js'
import { namedTarget } from './test-targets.js'

/**
 * A modify-cycle measurement at 1 KiB: `median` cycles/s (one repetition, or `rates`), `cpu` µs
 * of CPU per cycle.
 */
function cell(
  name: string,
  concurrency: number,
  median: number,
  cpu: number,
  rates = [median],
): Measurement {
  const run = { cycles: median, seconds: 1, exhausted: false, cpuMicros: cpu * median, gcMicros: 0 }
  const where = { cycle: 'modify', sizeKiB: 1, concurrency } as const
  return {
    target: name,
    ...where,
    runs: rates.map(() => run),
    rates,
    median,
    cpuPerCycle: cpu,
    gcPerCycle: 0,
  }
}

describe('coreShareTable', () => {
  const targets = [
    namedTarget('sk', 'sessionkit memcache', 'memcache'),
    namedTarget('sk~driver', 'sessionkit memcache, driver alone', 'memcache'),
    namedTarget('alone', 'a target without a twin', 'memcache'),
  ]
  const tableOf = (measurements: Measurement[], concurrency = [1, 8]) =>
    coreShareTable({ concurrency, targets, measurements }, 'modify', 1)
  const rowOf = (table: string | undefined) =>
    table?.split('\n').find((line) => line.includes('| sessionkit memcache '))
  const atOne = [cell('sk', 1, 4_000, 150), cell('sk~driver', 1, 5_000, 120)]

  it("gives core's share of the cycle time and the CPU beyond the twin, per concurrency", () => {
    const table = tableOf([
      ...atOne,
      cell('sk', 8, 30_000, 34),
      cell('sk~driver', 8, 36_000, 28.5),
      cell('alone', 1, 9_000, 50),
    ])
    expect(table).toContain("## Core's share of the modify cycle, 1 KiB (--breakdown)")
    expect(rowOf(table)).toMatch(/\| 20%, 30\.0 µs \| 17%, 5\.5 µs \|$/)
    expect(table).not.toContain('a target without a twin')
    expect(table).not.toContain('driver alone |')
  })

  it('gives the range of the shares of single repetitions, each against the same rotation', () => {
    const table = tableOf(
      [
        cell('sk', 1, 4_000, 150, [3_000, 4_000, 4_500]),
        cell('sk~driver', 1, 5_000, 120, [5_000, 5_000, 5_000]),
      ],
      [1],
    )
    expect(rowOf(table)).toMatch(/\| 20% \(10% to 40%\), 30\.0 µs \|$/)
  })

  it('leaves a cell without both figures blank, and the table out without any twin measured', () => {
    expect(rowOf(tableOf([...atOne, cell('sk', 8, 1, 1)]))).toMatch(/\| 20%, 30\.0 µs \| +– \|$/)
    expect(tableOf([cell('sk', 1, 4_000, 150)], [1])).toBeUndefined()
  })
})

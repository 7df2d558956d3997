import { describe, expect, it } from 'vitest'
import type { WireCount } from '../measure/results.js'
import { serverCpuTable } from './server-cpu.js'
import { namedTarget } from './test-targets.js'

function count(
  target: string,
  cycle: 'read' | 'modify',
  sizeKiB: number,
  micros?: number,
  commandMicros?: number,
) {
  return {
    target,
    sizeKiB,
    cycle,
    samples: 20,
    roundTrips: 2,
    bytesToServer: 400,
    bytesToClient: 1200,
    connections: 0,
    serverCpuMicros: micros,
    serverCommandMicros: commandMicros,
  } satisfies WireCount
}

describe('serverCpuTable', () => {
  const targets = [
    namedTarget('sk', 'sessionkit redis', 'redis'),
    namedTarget('raw', 'floor: GET+SET', 'redis'),
  ]
  const tableOf = (counts: WireCount[]) =>
    serverCpuTable({ cycles: ['read', 'modify'], sizes: [1, 16], targets, counts })

  it('gives the server CPU per cycle of each target, a column per cycle, a figure per size', () => {
    const table = tableOf([
      count('sk', 'read', 1, 20.04),
      count('sk', 'read', 16, 22.5),
      count('sk', 'modify', 1, 41.26, 12.04),
      count('sk', 'modify', 16, 44),
      count('raw', 'modify', 1, 30),
    ])
    expect(table).toContain('## Server CPU per cycle: µs')
    expect(table).toContain('| read (1 / 16 KiB) | modify (1 / 16 KiB) |')
    expect(table).toMatch(/\| sessionkit redis +\| +20\.0 \/ 22\.5 \| +41\.3 \(12\.0\) \/ 44\.0 \|/)
    expect(table).toMatch(/\| floor: GET\+SET +\| +– \/ – \| +30\.0 \/ – \|/)
  })

  it('leaves out targets without a figure, and is absent when none has one', () => {
    const table = tableOf([count('sk', 'modify', 1, 41), count('raw', 'modify', 1)])
    expect(table).not.toContain('floor: GET+SET')
    expect(tableOf([count('sk', 'modify', 1)])).toBeUndefined()
  })
})

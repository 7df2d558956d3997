import { describe, expect, it } from 'vitest'
import { conformanceCases, getConformanceCase } from './cases/index.js'
import { driverConformanceCases, getDriverConformanceCase } from './driver-cases/index.js'

describe.each([
  ['conformanceCases', conformanceCases, getConformanceCase],
  ['driverConformanceCases', driverConformanceCases, getDriverConformanceCase],
] as const)('%s', (_name, cases, get) => {
  it('gives every case a unique topic/slug id', () => {
    const ids = cases.map((kase) => kase.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const kase of cases) expect(kase.id.startsWith(`${kase.topic}/`)).toBe(true)
  })

  it('looks cases up by id and refuses unknown ids', () => {
    expect(get('lifecycle/close').topic).toBe('lifecycle')
    expect(() => get('nope/nothing')).toThrow(/nope\/nothing/)
  })

  it('marks only the availability case as needing an unreachable server', () => {
    const needing = cases.filter((kase) => kase.needs.includes('unreachable')).map((k) => k.id)
    expect(needing).toEqual(['availability/unreachable'])
  })
})

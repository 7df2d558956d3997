import { describe, expect, it } from 'vitest'
import { conformanceCases, getConformanceCase } from './cases/index.js'

describe('conformanceCases', () => {
  it('gives every case a unique topic/slug id', () => {
    const ids = conformanceCases.map((kase) => kase.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const kase of conformanceCases) expect(kase.id.startsWith(`${kase.topic}/`)).toBe(true)
  })

  it('looks cases up by id and refuses unknown ids', () => {
    expect(getConformanceCase('lifecycle/flash-once').topic).toBe('lifecycle')
    expect(() => getConformanceCase('nope/nothing')).toThrow(/nope\/nothing/)
  })

  it('marks only the availability case as needing an unreachable storage', () => {
    const needing = conformanceCases.filter((kase) => kase.needsUnreachable).map((k) => k.id)
    expect(needing).toEqual(['availability/unreachable'])
  })
})

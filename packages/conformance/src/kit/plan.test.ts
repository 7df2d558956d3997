import { describe, expect, it } from 'vitest'
import { DEFAULT_CASE_TIMEOUT, planConformanceTests } from './plan.js'
import { referenceTarget } from './test-support/reference-target.js'

describe('planConformanceTests', () => {
  const { createUnreachableStorage: _, ...serverless } = referenceTarget('no server')

  it('runs every case, the close case alone, when the target can be made unreachable', () => {
    const plan = planConformanceTests(referenceTarget('with server'))
    expect(plan.every((test) => test.mode === 'run')).toBe(true)
    const alone = plan.filter((test) => !test.concurrent).map((test) => test.case.id)
    expect(alone).toEqual(['lifecycle/close'])
    expect(plan.every((test) => test.timeout === DEFAULT_CASE_TIMEOUT)).toBe(true)
  })

  it('skips only the unreachable case without createUnreachableStorage, saying why', () => {
    const skipped = planConformanceTests(serverless).filter((test) => test.mode === 'skip')
    expect(skipped.map((test) => test.case.id)).toEqual(['availability/unreachable'])
    expect(skipped[0]?.name).toMatch(/skipped: no server passes no createUnreachableStorage/)
  })

  it('uses the target caseTimeout', () => {
    const plan = planConformanceTests({ ...serverless, caseTimeout: 1234 })
    expect(plan.every((test) => test.timeout === 1234)).toBe(true)
  })
})

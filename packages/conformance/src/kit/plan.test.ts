import { describe, expect, it } from 'vitest'
import { createSimulatedClock } from './clock.js'
import { DEFAULT_CASE_TIMEOUT, planConformanceTests, planDriverConformanceTests } from './plan.js'
import { referenceDriverTarget, referenceTarget } from './test-support/reference-target.js'

describe('planConformanceTests', () => {
  const { createUnreachableStorage: _, ...serverless } = referenceTarget('no server')

  it('runs every case, those that watch the process first and alone', () => {
    const plan = planConformanceTests(referenceTarget('with server'))
    expect(plan.every((test) => test.mode === 'run')).toBe(true)
    const alone = plan.filter((test) => !test.concurrent).map((test) => test.case.id)
    expect(alone).toEqual(['lifecycle/close', 'lifecycle/close-many'])
    expect(plan.slice(0, 2).map((test) => test.case.id)).toEqual(alone)
    expect(plan.every((test) => test.timeout === DEFAULT_CASE_TIMEOUT)).toBe(true)
  })

  it('skips only the unreachable case without createUnreachableStorage, saying why', () => {
    const skipped = planConformanceTests(serverless).filter((test) => test.mode === 'skip')
    expect(skipped.map((test) => test.case.id)).toEqual(['availability/unreachable'])
    expect(skipped[0]?.name).toMatch(/skipped: no server passes no createUnreachableStorage/)
  })

  it("skips the key TTL cases, and only those, for fieldTtl 'none'", () => {
    const plan = planConformanceTests({ ...serverless, capabilities: { fieldTtl: 'none' } })
    const skipped = plan.filter((test) => test.mode === 'skip').map((test) => test.case.id)
    expect(skipped).toEqual([
      'availability/unreachable',
      'ttl/field-expiry',
      'ttl/field-while-read',
      'ttl/field-ttl-later',
      'ttl/field-only',
      'ttl/field-ttl-reported',
      'ttl/field-ttl-cleared',
    ])
    const fieldTtl = plan.find((test) => test.case.id === 'ttl/field-expiry')
    expect(fieldTtl?.name).toMatch(/skipped: no server declares fieldTtl 'none'/)
    expect(plan.find((test) => test.case.id === 'contract/field-ttl')?.mode).toBe('run')
  })

  it('runs every case alone with a simulated clock', () => {
    const plan = planConformanceTests({ ...serverless, clock: createSimulatedClock() })
    expect(plan.some((test) => test.concurrent)).toBe(false)
  })

  it('uses the target caseTimeout', () => {
    const plan = planConformanceTests({ ...serverless, caseTimeout: 1234 })
    expect(plan.every((test) => test.timeout === 1234)).toBe(true)
  })
})

describe('planDriverConformanceTests', () => {
  it('runs every driver case, the close case first and alone', () => {
    const plan = planDriverConformanceTests(referenceDriverTarget('driver'))
    expect(plan.every((test) => test.mode === 'run')).toBe(true)
    expect(plan.filter((test) => !test.concurrent).map((test) => test.case.id)).toEqual([
      'lifecycle/close',
    ])
    expect(plan[0]?.case.id).toBe('lifecycle/close')
  })

  it('skips the unreachable case without createUnreachableDriver and field TTLs for none', () => {
    const { createUnreachableDriver: _, ...serverless } = referenceDriverTarget('no server')
    const plan = planDriverConformanceTests({ ...serverless, capabilities: { fieldTtl: 'none' } })
    expect(plan.filter((test) => test.mode === 'skip').map((test) => test.case.id)).toEqual([
      'availability/unreachable',
      'field-ttl/expires',
      'field-ttl/cleared',
    ])
  })
})

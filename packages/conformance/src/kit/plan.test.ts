import { describe, expect, it } from 'vitest'
import { createSimulatedClock } from './clock.js'
import { DEFAULT_CASE_TIMEOUT, planConformanceTests, planDriverConformanceTests } from './plan.js'
import { referenceDriverTarget, referenceTarget } from './test-support/reference-target.js'

describe('planConformanceTests', () => {
  const { createUnreachableStorage: _, ...serverless } = referenceTarget('no server')

  it('runs every case, those that watch the process first and alone', () => {
    const plan = planConformanceTests(referenceTarget('with server'))
    const skipped = plan.filter((test) => test.mode === 'skip').map((test) => test.case.id)
    expect(skipped).toEqual(['owners/unsupported'])
    const alone = plan.filter((test) => !test.concurrent).map((test) => test.case.id)
    expect(alone).toEqual(['lifecycle/close', 'lifecycle/close-many'])
    expect(plan.slice(0, 2).map((test) => test.case.id)).toEqual(alone)
    expect(plan.every((test) => test.timeout === DEFAULT_CASE_TIMEOUT)).toBe(true)
  })

  it('skips only the unreachable case without createUnreachableStorage, saying why', () => {
    const skipped = planConformanceTests(serverless).filter((test) => test.mode === 'skip')
    expect(skipped.map((test) => test.case.id)).toEqual([
      'availability/unreachable',
      'owners/unsupported',
    ])
    expect(skipped[0]?.name).toMatch(/skipped: no server passes no createUnreachableStorage/)
  })

  it("skips the key TTL cases, and only those, for fieldTtl 'none'", () => {
    const capabilities = { fieldTtl: 'none', owners: 'list' } as const
    const plan = planConformanceTests({ ...serverless, capabilities })
    const skipped = plan.filter((test) => test.mode === 'skip').map((test) => test.case.id)
    expect(skipped).toEqual([
      'availability/unreachable',
      'ttl/field-expiry',
      'ttl/field-while-read',
      'ttl/field-ttl-later',
      'ttl/field-only',
      'ttl/field-ttl-reported',
      'ttl/field-ttl-cleared',
      'owners/unsupported',
    ])
    const fieldTtl = plan.find((test) => test.case.id === 'ttl/field-expiry')
    expect(fieldTtl?.name).toMatch(/skipped: no server declares fieldTtl 'none'/)
    expect(plan.find((test) => test.case.id === 'contract/field-ttl')?.mode).toBe('run')
  })

  it('runs the owner cases as the declared owner support allows', () => {
    const skippedFor = (owners: 'list' | 'revoke-all' | 'none') =>
      planConformanceTests({ ...serverless, capabilities: { fieldTtl: 'native', owners } })
        .filter((test) => test.mode === 'skip' && test.case.topic === 'owners')
        .map((test) => test.case.id)
    expect(skippedFor('list')).toEqual(['owners/unsupported'])
    expect(skippedFor('revoke-all')).toEqual([
      'owners/unsupported',
      'owners/list',
      'owners/list-live',
      'owners/revoke-one',
    ])
    expect(skippedFor('none')).toEqual(
      planConformanceTests(serverless)
        .filter((test) => test.case.topic === 'owners' && test.case.needs.length > 0)
        .map((test) => test.case.id)
        .filter((id) => id !== 'owners/unsupported'),
    )
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
  it('runs every driver case, the close and owner index cases first and alone', () => {
    const plan = planDriverConformanceTests(referenceDriverTarget('driver'))
    expect(plan.every((test) => test.mode === 'run')).toBe(true)
    expect(plan.filter((test) => !test.concurrent).map((test) => test.case.id)).toEqual([
      'lifecycle/close',
      'owners/bounded',
    ])
    expect(plan[0]?.case.id).toBe('lifecycle/close')
  })

  it('skips the cases the target names, saying why', () => {
    const plan = planDriverConformanceTests({
      ...referenceDriverTarget('driver'),
      skipCases: { 'owners/bounded': 'runs once per server' },
    })
    const skipped = plan.filter((test) => test.mode === 'skip')
    expect(skipped.map((test) => test.case.id)).toEqual(['owners/bounded'])
    expect(skipped[0]?.name).toMatch(/skipped: runs once per server/)
  })

  it('skips the unreachable case without createUnreachableDriver and field TTLs for none', () => {
    const { createUnreachableDriver: _, ...serverless } = referenceDriverTarget('no server')
    const plan = planDriverConformanceTests({ ...serverless, capabilities: { fieldTtl: 'none' } })
    expect(plan.filter((test) => test.mode === 'skip').map((test) => test.case.id)).toEqual([
      'owners/bounded',
      'availability/unreachable',
      'field-ttl/expires',
      'field-ttl/cleared',
      'owners/expired',
      'owners/revoked',
      'owners/move',
    ])
  })
})

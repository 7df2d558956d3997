import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import { describe, expect, it } from 'vitest'
import {
  createReferenceDriver,
  createReferenceServer,
} from '../kit/test-support/reference-driver.js'
import { runSoak } from './soak.js'

describe('runSoak', () => {
  it('counts nothing lost on a correct storage', async () => {
    const driver = createReferenceDriver(createReferenceServer(), 'p:')
    const report = await runSoak(createSessionStorage(driver), { concurrency: 8, durationMs: 200 })
    expect(report).toMatchObject({ errors: 0, lostUpdates: 0, sessions: 4 })
    expect(report.cycles).toBeGreaterThan(0)
    expect(report.latency.p99).toBeGreaterThanOrEqual(report.latency.p50)
  })

  it('counts the updates a storage acknowledged and dropped, and the errors it threw', async () => {
    const reference = createReferenceDriver(createReferenceServer(), 'p:')
    let updates = 0
    const lossy: SessionDriver = {
      ...reference,
      capabilities: reference.capabilities,
      // Every 10th update is acknowledged but not written; every 25th throws.
      update: (id, patch, ttl) => {
        updates++
        if (updates % 25 === 0) return Promise.reject(new Error('boom'))
        return updates % 10 === 0 ? Promise.resolve(true) : reference.update(id, patch, ttl)
      },
    }
    const report = await runSoak(createSessionStorage(lossy), { concurrency: 8, durationMs: 200 })
    expect(report.lostUpdates).toBeGreaterThan(0)
    expect(report.errors).toBeGreaterThan(0)
    expect(report.errorSamples[0]).toMatch(/boom/)
  })
})

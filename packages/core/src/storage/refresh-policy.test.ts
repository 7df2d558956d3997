import { describe, expect, it } from 'vitest'
import { isRefreshDue, MIN_REFRESH_INTERVAL_MS } from './refresh-policy.js'

const now = 1_000_000_000

describe('isRefreshDue', () => {
  it('waits until the given share of the lifetime has passed since the last restart', () => {
    const lifetime = 100 // seconds; refreshAfter 0.1: due once 10 s have passed
    expect(isRefreshDue(now + 100_000, lifetime, 0.1, now)).toBe(false)
    expect(isRefreshDue(now + 90_001, lifetime, 0.1, now)).toBe(false)
    expect(isRefreshDue(now + 90_000, lifetime, 0.1, now)).toBe(true)
    expect(isRefreshDue(now + 1, lifetime, 0.1, now)).toBe(true)
  })

  it('refreshes at most once a second, even with refreshAfter 0', () => {
    expect(isRefreshDue(now + 3_000, 3, 0, now)).toBe(false)
    expect(isRefreshDue(now + 3_000 - MIN_REFRESH_INTERVAL_MS + 1, 3, 0, now)).toBe(false)
    expect(isRefreshDue(now + 3_000 - MIN_REFRESH_INTERVAL_MS, 3, 0, now)).toBe(true)
  })

  it('corrects a store that keeps the session longer than its own lifetime', () => {
    // e.g. a get-and-touch with the storage default of 7 days on a session of 1 hour
    expect(isRefreshDue(now + 604_800_000, 3_600, 0.1, now)).toBe(true)
    expect(isRefreshDue(now + 3_600_000 + MIN_REFRESH_INTERVAL_MS, 3_600, 0.1, now)).toBe(false)
  })
})

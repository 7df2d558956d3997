import { describe, expect, it } from 'vitest'
import { MAX_RELATIVE_EXPIRATION, memcachedExpiration } from './expiration.js'

describe('memcachedExpiration', () => {
  const now = Date.UTC(2030, 0, 1)

  it('sends TTLs up to 30 days as relative seconds', () => {
    expect(memcachedExpiration(1, now)).toBe(1)
    expect(memcachedExpiration(604_800, now)).toBe(604_800)
    expect(memcachedExpiration(MAX_RELATIVE_EXPIRATION, now)).toBe(MAX_RELATIVE_EXPIRATION)
  })

  it('sends longer TTLs as the absolute Unix time of expiry', () => {
    expect(memcachedExpiration(MAX_RELATIVE_EXPIRATION + 1, now)).toBe(
      now / 1000 + MAX_RELATIVE_EXPIRATION + 1,
    )
    expect(memcachedExpiration(90 * 86_400, now)).toBe(now / 1000 + 90 * 86_400)
  })
})

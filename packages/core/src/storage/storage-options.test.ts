import { describe, expect, it } from 'vitest'
import { SessionConfigError } from '../errors.js'
import { createSessionStorage } from './create-session-storage.js'
import type { SessionDriver } from './driver.js'

const driver: SessionDriver = {
  capabilities: { fieldTtl: 'native' },
  load: async () => null,
  create: async () => true,
  update: async () => true,
  touch: async () => true,
  destroy: async () => {},
  close: async () => {},
}

describe('createSessionStorage options', () => {
  it('takes ttl, maxSize and timeout, and leaves other options to the driver', () => {
    expect(createSessionStorage(driver, { ttl: 60, prefix: 'x', max: 3 } as never).ttl).toBe(60)
    expect(createSessionStorage(driver).ttl).toBe(604_800)
  })

  it('refuses every invalid one in one SessionConfigError', () => {
    expect(() => createSessionStorage(driver, { ttl: 0, maxSize: -1, timeout: 2 ** 31 })).toThrow(
      SessionConfigError,
    )
    try {
      createSessionStorage(driver, {
        ttl: 1.5,
        maxSize: Number.NaN,
        timeout: '5' as never,
        refreshAfter: 1,
      })
    } catch (error) {
      expect((error as SessionConfigError).issues).toEqual([
        'ttl: must be a whole number of seconds from 1 to 2147483647',
        'maxSize: must be a whole number of bytes, at least 1',
        'timeout: must be a whole number of ms from 1 to 2147483647',
        'refreshAfter: must be a number from 0 to below 1',
      ])
    }
  })
})

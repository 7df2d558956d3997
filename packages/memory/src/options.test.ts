import { SessionConfigError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { createMemoryDriver } from './memory-driver.js'
import { createMemorySessionStorage } from './memory-storage.js'

function issuesOf(create: () => unknown): readonly string[] {
  try {
    create()
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError)
    return (error as SessionConfigError).issues
  }
  throw new Error('expected a SessionConfigError')
}

describe('memory options', () => {
  it('refuses bounds that cannot work, every one in one error, in the storage and the driver', () => {
    const bad = { max: 0, maxBytes: 100, checkPeriod: 0, ttl: -1, maxByte: 5 }
    const expected = [
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      'max: must be a whole number of sessions, at least 1',
      'maxBytes: must be a whole number of bytes, at least 1024',
      'checkPeriod: must be a whole number of ms from 1000 to 2147483647',
      'maxByte: unknown option (did you mean maxBytes?)',
    ]
    expect(issuesOf(() => createMemorySessionStorage(bad as never))).toEqual(expected)
    expect(issuesOf(() => createMemoryDriver(bad as never))).toEqual(expected)
  })

  it('refuses a sweep more often than every second, fractions and strings', () => {
    for (const checkPeriod of [999, 1.5, 2 ** 31, Number.NaN, '60000']) {
      expect(issuesOf(() => createMemorySessionStorage({ checkPeriod } as never))).toEqual([
        'checkPeriod: must be a whole number of ms from 1000 to 2147483647',
      ])
    }
  })

  it('accepts the smallest sensible bounds', async () => {
    const storage = createMemorySessionStorage({ max: 1, maxBytes: 1024, checkPeriod: 1000 })
    const session = await storage.read(null)
    session.set('a', 1)
    const id = (await storage.save(session)) ?? ''
    expect((await storage.read(id)).get('a')).toBe(1)
    await storage.close()
  })
})

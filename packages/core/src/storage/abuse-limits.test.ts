import { describe, expect, it } from 'vitest'
import { mapDriver } from '../../test-support/map-driver.js'
import { createCookie } from '../cookie/cookie.js'
import { SessionConfigError, SessionDataError } from '../errors.js'
import { withSession } from '../middleware/fetch-middleware.js'
import { createSessionStorage } from './create-session-storage.js'
import { DEFAULT_MAX_KEY_LENGTH, DEFAULT_MAX_KEYS } from './storage-options.js'

describe('abuse limits: keys per session and key length', () => {
  it('defaults to 1000 keys of at most 256 bytes', async () => {
    const storage = createSessionStorage(mapDriver().driver)
    const session = await storage.read(null)
    for (let i = 0; i < DEFAULT_MAX_KEYS; i++) session.set(`k${i}`, i)
    expect(() => session.set('one-more', 1)).toThrow(SessionDataError)
    expect(() => session.flash('one-more', 1)).toThrow(/at most 1000 keys/)
    session.set('k0', 'overwriting an existing key adds none')
    const other = await storage.read(null)
    other.set('k'.repeat(DEFAULT_MAX_KEY_LENGTH), 1)
    expect(() => other.set('k'.repeat(DEFAULT_MAX_KEY_LENGTH + 1), 1)).toThrow(/256 bytes/)
  })

  it('refuses a key over maxKeyLength bytes in set and flash, typed, adding nothing', async () => {
    const storage = createSessionStorage(mapDriver().driver, { maxKeyLength: 8 })
    const session = await storage.read(null)
    session.set('12345678', 1)
    expect(() => session.set('123456789', 1)).toThrow(SessionDataError)
    expect(() => session.flash('123456789', 1)).toThrow(/maxKeyLength/)
    // Bytes, not characters: 3 euro signs are 9 bytes.
    expect(() => session.set('€€€', 1)).toThrow(/at most 8 bytes/)
    expect(session.keys()).toEqual(['12345678'])
  })

  it('counts keys across stored, saved, pending and flash, and frees room on unset', async () => {
    const { driver } = mapDriver()
    const storage = createSessionStorage(driver, { maxKeys: 3 })
    const first = await storage.read(null)
    first.set('a', 1)
    first.set('b', 2)
    const cookie = await storage.save(first)
    const session = await storage.read(cookie)
    session.flash('notice', 'hi')
    const error = (() => {
      try {
        session.set('c', 3)
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(SessionDataError)
    expect((error as SessionDataError).key).toBe('c')
    expect((error as Error).message).toMatch(/at most 3 keys/)
    session.set('a', 'overwrite is allowed')
    session.unset('b')
    session.set('c', 3)
    await storage.save(session)
    const again = await storage.read(cookie)
    expect(again.keys().sort()).toEqual(['a', 'c', 'notice'])
  })

  it('refuses invalid limits in the one options shape', () => {
    const { driver } = mapDriver()
    expect(() => createSessionStorage(driver, { maxKeys: 0 })).toThrow(SessionConfigError)
    expect(() => createSessionStorage(driver, { maxKeyLength: 1.5 })).toThrow(/maxKeyLength/)
  })
})

describe('abuse limits: Cookie headers', () => {
  it('answers a 1 MiB header or one of 10,000 cookies with a new session, no store call', async () => {
    const { driver, calls } = mapDriver()
    const storage = createSessionStorage(driver)
    const cookie = createCookie('sid', { secrets: ['a-secret-of-at-least-32-bytes-0123'] })
    const app = withSession(
      (_request, session) => {
        session.set('visits', 1)
        return new Response('ok')
      },
      { storage, cookie },
    )
    const setCookie = (await app(new Request('http://x/'))).headers.get('Set-Cookie') ?? ''
    const valid = setCookie.split(';')[0] ?? ''
    expect(calls()).toBe(1) // the create
    const abusive = [
      `${valid}; pad=${'x'.repeat(1 << 20)}`,
      `${valid}; ${Array.from({ length: 10_000 }, (_, i) => `c${i}=1`).join('; ')}`,
    ]
    for (const header of abusive) {
      const seen: boolean[] = []
      const probe = withSession(
        (_request, session) => {
          seen.push(session.isNew)
          return new Response('ok')
        },
        { storage, cookie },
      )
      const started = performance.now()
      await probe(new Request('http://x/', { headers: { Cookie: header } }))
      const elapsed = performance.now() - started
      console.log(`Cookie header of ${header.length} chars answered in ${elapsed.toFixed(2)} ms`)
      expect(seen).toEqual([true])
    }
    expect(calls()).toBe(1)
  })
})

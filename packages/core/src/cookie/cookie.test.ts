import { describe, expect, it } from 'vitest'
import { SessionCookieError } from '../errors.js'
import { createCookie } from './cookie.js'

const header = (setCookie: string) => setCookie.split(';')[0] ?? ''

describe('createCookie', () => {
  it('round-trips a signed value and applies safe defaults', async () => {
    const cookie = createCookie('sid', { secrets: ['s1'] })
    const setCookie = await cookie.serialize('abc')
    expect(setCookie).toMatch(/^sid=abc\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(cookie.signed).toBe(true)
    expect(await cookie.parse(header(setCookie))).toBe('abc')
    expect(await cookie.parse(`other=1; ${header(setCookie)}; more=2`)).toBe('abc')
  })

  it('parses a tampered, truncated or unsigned value to null', async () => {
    const cookie = createCookie('sid', { secrets: ['s1'] })
    const value = header(await cookie.serialize('abc')).slice(4)
    const flipped = value.endsWith('A') ? `${value.slice(0, -1)}B` : `${value.slice(0, -1)}A`
    expect(await cookie.parse(`sid=${flipped}`)).toBeNull()
    expect(await cookie.parse(`sid=abd${value.slice(3)}`)).toBeNull()
    expect(await cookie.parse(`sid=${value.slice(0, -2)}`)).toBeNull()
    expect(await cookie.parse('sid=abc')).toBeNull()
    expect(await cookie.parse('sid=%E0%A4%A')).toBeNull()
    expect(await cookie.parse(null)).toBeNull()
    expect(await cookie.parse('')).toBeNull()
  })

  it('accepts only the canonical spelling of a signature', async () => {
    const cookie = createCookie('sid', { secrets: ['s1'] })
    const value = header(await cookie.serialize('abc')).slice(4)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(value.at(-1) ?? '')
    // 43 characters hold 258 bits of a 256-bit MAC: these 3 spellings decode to the same bytes.
    const sameBytes = [0, 1, 2, 3]
      .map((low) => alphabet[(last & ~3) | low])
      .filter((c) => c !== value.at(-1))
    expect(sameBytes).toHaveLength(3)
    for (const char of sameBytes) {
      expect(await cookie.parse(`sid=${value.slice(0, -1)}${char}`)).toBeNull()
    }
    expect(await cookie.parse(`sid=${value}`)).toBe('abc')
  })

  it('rejects a value signed with a secret it does not know', async () => {
    const attacker = createCookie('sid', { secrets: ['guess'] })
    const cookie = createCookie('sid', { secrets: ['s1'] })
    expect(await cookie.parse(header(await attacker.serialize('abc')))).toBeNull()
  })

  it('rotates secrets: signs with the first, accepts older ones and asks for a re-sign', async () => {
    const old = createCookie('sid', { secrets: ['old'] })
    const rotated = createCookie('sid', { secrets: ['new', 'old'] })
    const oldHeader = header(await old.serialize('abc'))
    expect(await rotated.parseDetailed(oldHeader)).toEqual({ value: 'abc', needsResign: true })
    const fresh = header(await rotated.serialize('abc'))
    expect(await rotated.parseDetailed(fresh)).toEqual({ value: 'abc', needsResign: false })
    expect(await old.parse(fresh)).toBeNull()
  })

  it('passes values through unsigned when no secret is given', async () => {
    const cookie = createCookie('pref')
    expect(cookie.signed).toBe(false)
    expect(await cookie.serialize('a b;c')).toMatch(/^pref=a%20b%3Bc;/)
    expect(await cookie.parse('pref=a%20b%3Bc')).toBe('a b;c')
    expect(await cookie.parse('pref="quoted"')).toBe('quoted')
  })

  it('serialises every attribute', async () => {
    const cookie = createCookie('sid', {
      secrets: ['s'],
      domain: 'example.com',
      path: '/app',
      maxAge: 60,
      expires: new Date(Date.UTC(2030, 0, 1)),
      secure: true,
      sameSite: 'None',
      partitioned: true,
      priority: 'High',
    })
    const setCookie = await cookie.serialize('v', { maxAge: 10 })
    expect(setCookie).toContain(
      '; Domain=example.com; Path=/app; Max-Age=10; Expires=Tue, 01 Jan 2030 00:00:00 GMT',
    )
    expect(setCookie).toContain('; HttpOnly; Secure; SameSite=None; Partitioned; Priority=High')
  })

  it('refuses invalid names, attributes and secrets with a typed error', () => {
    expect(() => createCookie('bad name')).toThrow(SessionCookieError)
    expect(() => createCookie('sid;')).toThrow(SessionCookieError)
    expect(() => createCookie('sid', { domain: 'exa mple.com' })).toThrow(/domain/)
    expect(() => createCookie('sid', { path: '/a;b' })).toThrow(/path/)
    expect(() => createCookie('sid', { maxAge: 1.5 })).toThrow(/maxAge/)
    expect(() => createCookie('sid', { sameSite: 'None' })).toThrow(/secure/)
    expect(() => createCookie('sid', { partitioned: true })).toThrow(/secure/)
    expect(() => createCookie('sid', { secrets: [''] })).toThrow(/secrets/)
    expect(() => createCookie('sid', { expires: new Date(Number.NaN) })).toThrow(/expires/)
  })

  it('refuses invalid overrides at serialize time', async () => {
    const cookie = createCookie('sid', { secrets: ['s'] })
    await expect(cookie.serialize('v', { path: 'a\nb' })).rejects.toThrow(SessionCookieError)
  })

  it('refuses a cookie over 4096 bytes', async () => {
    const cookie = createCookie('sid', { secrets: ['s'] })
    await expect(cookie.serialize('x'.repeat(4020))).rejects.toThrow(/4096/)
    await expect(cookie.serialize('x'.repeat(3990))).resolves.toContain('sid=')
  })
})

describe('cookie name prefixes and secure: auto', () => {
  it('enforces the __Secure- and __Host- rules with a typed error', () => {
    expect(() => createCookie('__Secure-sid')).toThrow(SessionCookieError)
    expect(() => createCookie('__Secure-sid', { secure: true })).not.toThrow()
    expect(() => createCookie('__Host-sid', { secure: true, domain: 'example.com' })).toThrow(
      /__Host-sid may not have a domain/,
    )
    expect(() => createCookie('__Host-sid', { secure: true, path: '/app' })).toThrow(
      /requires path '\/'/,
    )
    expect(() => createCookie('__Host-sid', { secure: 'auto' })).toThrow(/not 'auto'/)
    expect(() => createCookie('__Host-sid', { secure: true })).not.toThrow()
  })

  it("marks an 'auto' cookie Secure unless the request was plain HTTP", async () => {
    const cookie = createCookie('sid', { secure: 'auto' })
    expect(cookie.secure).toBe('auto')
    expect(await cookie.serialize('v')).toContain('; Secure')
    expect(await cookie.serialize('v', { secure: false })).not.toContain('Secure')
    expect(await createCookie('sid').serialize('v')).not.toContain('Secure')
  })
})

import { describe, expect, it } from 'vitest'
import { SessionCookieError } from '../errors.js'
import { createCookie, MIN_SECRET_BYTES } from './cookie.js'
import { MAX_COOKIE_HEADER_LENGTH, MAX_COOKIES_PER_HEADER } from './cookie-header.js'

const header = (setCookie: string) => setCookie.split(';')[0] ?? ''
/** A secret of the 32 bytes createCookie requires, told apart by `name`. */
const secret = (name: string) => name.padEnd(32, '.')

describe('createCookie', () => {
  it('round-trips a signed value and applies safe defaults', async () => {
    const cookie = createCookie('sid', { secrets: [secret('s1')] })
    const setCookie = await cookie.serialize('abc')
    expect(setCookie).toMatch(/^sid=abc\.[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)
    expect(cookie.signed).toBe(true)
    expect(await cookie.parse(header(setCookie))).toBe('abc')
    expect(await cookie.parse(`other=1; ${header(setCookie)}; more=2`)).toBe('abc')
  })

  it('parses a tampered, truncated or unsigned value to null', async () => {
    const cookie = createCookie('sid', { secrets: [secret('s1')] })
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
    const cookie = createCookie('sid', { secrets: [secret('s1')] })
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
    const attacker = createCookie('sid', { secrets: [secret('guess')] })
    const cookie = createCookie('sid', { secrets: [secret('s1')] })
    expect(await cookie.parse(header(await attacker.serialize('abc')))).toBeNull()
  })

  it('rotates secrets: signs with the first, accepts older ones and asks for a re-sign', async () => {
    const old = createCookie('sid', { secrets: [secret('old')] })
    const rotated = createCookie('sid', { secrets: [secret('new'), secret('old')] })
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
      secrets: [secret('s')],
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
    const cookie = createCookie('sid', { secrets: [secret('s')] })
    await expect(cookie.serialize('v', { path: 'a\nb' })).rejects.toThrow(SessionCookieError)
  })

  it('refuses a cookie over 4096 bytes', async () => {
    const cookie = createCookie('sid', { secrets: [secret('s')] })
    await expect(cookie.serialize('x'.repeat(4020))).rejects.toThrow(/4096/)
    await expect(cookie.serialize('x'.repeat(3990))).resolves.toContain('sid=')
  })
})

describe('createCookie abuse limits', () => {
  it('refuses a secret under 32 bytes unless allowShortSecrets is set', async () => {
    expect(() => createCookie('sid', { secrets: ['x'.repeat(MIN_SECRET_BYTES - 1)] })).toThrow(
      SessionCookieError,
    )
    expect(() => createCookie('sid', { secrets: [secret('new'), 'old'] })).toThrow(/32 bytes/)
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    expect(createCookie('sid', { secrets: ['€'.repeat(11)] }).signed).toBe(true)
    const dev = createCookie('sid', { secrets: ['dev'], allowShortSecrets: true })
    expect(await dev.parse(header(await dev.serialize('abc')))).toBe('abc')
  })

  it('parses a 1 MiB header or one of 10,000 cookies as no cookie, fast', async () => {
    const cookie = createCookie('sid', { secrets: [secret('s')] })
    const valid = header(await cookie.serialize('abc'))
    const huge = `${valid}; pad=${'x'.repeat(1 << 20)}`
    const many = `${valid}; ${Array.from({ length: 10_000 }, (_, i) => `c${i}=1`).join('; ')}`
    const started = performance.now()
    expect(await cookie.parse(huge)).toBeNull()
    expect(await cookie.parse(many)).toBeNull()
    const elapsed = performance.now() - started
    console.log(
      `abusive Cookie headers (1 MiB; 10,000 cookies) refused in ${elapsed.toFixed(2)} ms`,
    )
  })

  it('still parses a header just within both limits', async () => {
    const cookie = createCookie('sid', { secrets: [secret('s')] })
    const valid = header(await cookie.serialize('abc'))
    const others = Array.from({ length: MAX_COOKIES_PER_HEADER - 1 }, (_, i) => `c${i}=1`)
    const full = `${others.join('; ')}; ${valid}`
    expect(await cookie.parse(full)).toBe('abc')
    expect(await cookie.parse(`x=1; ${full}`)).toBeNull()
    const long = `pad=${'x'.repeat(MAX_COOKIE_HEADER_LENGTH - valid.length - 6)}; ${valid}`
    expect(long.length).toBe(MAX_COOKIE_HEADER_LENGTH)
    expect(await cookie.parse(long)).toBe('abc')
    expect(await cookie.parse(`${long};`)).toBeNull()
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

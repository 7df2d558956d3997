import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createCookie,
  nodeSessionMiddleware,
  type RequestWithSession,
  SessionConfigError,
  withSession,
} from '@sessionkit/core'
import { createSessionStorage } from '@sessionkit/core/driver'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMemoryDriver } from './memory-driver.js'
import { createMemorySessionStorage } from './memory-storage.js'

const CURRENT_SECRET = 'current-secret-0123456789abcdef01234'
const PREVIOUS_SECRET = 'previous-secret-0123456789abcdef0123'
const storage = createMemorySessionStorage({ ttl: 3600 })
const cookie = createCookie('sid', { secrets: [CURRENT_SECRET, PREVIOUS_SECRET] })

afterAll(() => storage.close())

/** A tiny app: /login sets a user, /me reads it, /logout destroys, anything else does nothing. */
const app = withSession(
  async (request, session) => {
    const path = new URL(request.url).pathname
    if (path === '/login') {
      session.regenerateId()
      session.set('user', 'ada')
      session.flash('notice', 'Welcome')
      return Response.redirect('http://app.test/me', 303)
    }
    if (path === '/logout') session.destroy()
    if (path === '/remember') session.setLifetime(30 * 24 * 3600)
    return Response.json({
      user: session.get('user') ?? null,
      notice: session.get('notice') ?? null,
    })
  },
  { storage, cookie },
)

const send = (path: string, cookieHeader?: string) =>
  app(
    new Request(
      `http://app.test${path}`,
      cookieHeader ? { headers: { Cookie: cookieHeader } } : {},
    ),
  )
const cookiePair = (response: Response) => response.headers.get('Set-Cookie')?.split(';')[0] ?? ''

describe('withSession (fetch handlers)', () => {
  it('gives a remembered session a cookie as long as its own lifetime in the store', async () => {
    const login = await send('/login')
    const me = await send('/me', cookiePair(login))
    const remembered = await send('/remember', cookiePair(me))
    expect(remembered.headers.get('Set-Cookie')).toMatch(/; Max-Age=2592000;/)
    const later = await send('/me', cookiePair(remembered))
    expect(later.headers.get('Set-Cookie')).toMatch(/; Max-Age=259\d{4};/)
    expect(await later.json()).toMatchObject({ user: 'ada' })
  })

  it('sets no cookie for a visitor whose session stays untouched', async () => {
    const response = await send('/')
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await response.json()).toEqual({ user: null, notice: null })
  })

  it('logs in with a signed cookie whose Max-Age matches the session TTL, even on a redirect', async () => {
    const login = await send('/login')
    expect(login.status).toBe(303)
    expect(login.headers.get('Set-Cookie')).toMatch(
      /^sid=[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax$/,
    )
    const me = await send('/me', cookiePair(login))
    expect(await me.json()).toEqual({ user: 'ada', notice: 'Welcome' })
    const again = await send('/me', cookiePair(login))
    expect(await again.json()).toEqual({ user: 'ada', notice: null })
    expect(cookiePair(again)).toBe(cookiePair(login))
  })

  it('treats a tampered cookie as no cookie and clears it', async () => {
    const login = await send('/login')
    const forged = cookiePair(login).replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'))
    const response = await send('/me', forged)
    expect(await response.json()).toEqual({ user: null, notice: null })
    expect(response.headers.get('Set-Cookie')).toBeNull()
  })

  it('clears a cookie whose session is unknown', async () => {
    const stale = await cookie.serialize('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
    const response = await send('/me', stale.split(';')[0])
    expect(response.headers.get('Set-Cookie')).toMatch(/^sid=; .*Max-Age=0/)
  })

  it('re-signs a cookie signed with an older secret', async () => {
    const login = await send('/login')
    const id = (await cookie.parse(cookiePair(login))) ?? ''
    const old = createCookie('sid', { secrets: [PREVIOUS_SECRET] })
    const response = await send('/me', (await old.serialize(id)).split(';')[0])
    expect(await response.json()).toMatchObject({ user: 'ada' })
    expect(cookiePair(response)).toBe(cookiePair(login))
  })

  it('clears the cookie with Max-Age=0 on logout and forgets the session', async () => {
    const login = await send('/login')
    const logout = await send('/logout', cookiePair(login))
    expect(logout.headers.get('Set-Cookie')).toMatch(
      /^sid=; Path=\/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT/,
    )
    expect(await (await send('/me', cookiePair(login))).json()).toEqual({
      user: null,
      notice: null,
    })
  })

  it('refuses an unsigned cookie', () => {
    expect(() =>
      withSession(() => new Response(), { storage, cookie: createCookie('sid') }),
    ).toThrow(SessionConfigError)
  })
})

describe('nodeSessionMiddleware (Node http, Express, connect)', () => {
  let server: Server
  let base: string
  const middleware = nodeSessionMiddleware({ storage, cookie })

  beforeAll(async () => {
    server = createServer((req, res) => {
      middleware(req, res, (error) => {
        if (error) {
          res.statusCode = 500
          res.end()
          return
        }
        const { session } = req as RequestWithSession
        const visits = Number(session.get('visits') ?? 0) + 1
        session.set('visits', visits)
        if (req.url === '/stream') {
          res.writeHead(200, { 'Content-Type': 'text/plain', 'Set-Cookie': 'theme=dark' })
          res.write('visits=')
          setTimeout(() => res.end(String(visits)), 10)
          return
        }
        res.setHeader('Content-Type', 'text/plain')
        res.end(`visits=${visits}`)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('sets req.session and saves it before the response goes out', async () => {
    const first = await fetch(`${base}/`)
    expect(await first.text()).toBe('visits=1')
    const pair = first.headers.get('Set-Cookie')?.split(';')[0] ?? ''
    expect(pair).toMatch(/^sid=/)
    const second = await fetch(`${base}/`, { headers: { Cookie: pair } })
    expect(await second.text()).toBe('visits=2')
  })

  it('keeps both cookies when the app passes its own Set-Cookie to writeHead, and streams in order', async () => {
    const response = await fetch(`${base}/stream`)
    expect(await response.text()).toBe('visits=1')
    const cookies = response.headers.getSetCookie()
    expect(cookies[0]).toBe('theme=dark')
    expect(cookies[1]).toMatch(/^sid=/)
  })
})

describe('nodeSessionMiddleware when the store fails (plain node:http, onError)', () => {
  it('drops the held response and lets onError answer it whole', async () => {
    const driver = createMemoryDriver()
    const failing = createSessionStorage({
      ...driver,
      create: () => Promise.reject(new Error('connect ECONNREFUSED')),
    })
    const errors: unknown[] = []
    const middleware = nodeSessionMiddleware({
      storage: failing,
      cookie,
      onError: (error, _req, res) => {
        errors.push(error)
        res.statusCode = 503
        res.end('The session could not be saved')
      },
    })
    const server = createServer((req, res) => {
      middleware(req, res, () => {
        ;(req as RequestWithSession).session.set('a', 1)
        res.setHeader('Content-Length', '6')
        res.end('saved?')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      expect(response.status).toBe(503)
      expect(response.headers.get('Set-Cookie')).toBeNull()
      expect(response.headers.get('Content-Length')).not.toBe('6')
      expect(await response.text()).toBe('The session could not be saved')
      expect(errors).toHaveLength(1)
      expect((errors[0] as Error).name).toBe('SessionStorageUnavailableError')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await driver.close()
    }
  })
})

describe('withSession when the store fails', () => {
  const driver = createMemoryDriver()
  const failing = createSessionStorage({
    ...driver,
    load: () => Promise.reject(new Error('connect ECONNREFUSED')),
    create: () => Promise.reject(new Error('connect ECONNREFUSED')),
  })
  afterAll(() => driver.close())
  const handler = (_request: Request, session: { set(key: string, value: unknown): void }) => {
    session.set('a', 1)
    return new Response('handler body')
  }

  it('answers a clear 503 by default, at read as at save', async () => {
    const app = withSession(handler, { storage: failing, cookie })
    const atSave = await app(new Request('http://app.test/'))
    expect(atSave.status).toBe(503)
    expect(atSave.headers.get('Retry-After')).toBe('5')
    expect(atSave.headers.get('Set-Cookie')).toBeNull()
    expect(await atSave.text()).toMatch(/session store cannot be reached/)
    const stale = (await cookie.serialize('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).split(';')[0] ?? ''
    const atRead = await app(new Request('http://app.test/', { headers: { Cookie: stale } }))
    expect(atRead.status).toBe(503)
  })

  it('returns what onError makes of the error', async () => {
    const seen: unknown[] = []
    const app = withSession(handler, {
      storage: failing,
      cookie,
      onError: (error, request) => {
        seen.push(error)
        return new Response(`sorry, ${new URL(request.url).pathname}`, { status: 502 })
      },
    })
    const response = await app(new Request('http://app.test/cart'))
    expect(response.status).toBe(502)
    expect(await response.text()).toBe('sorry, /cart')
    expect(seen).toEqual([expect.objectContaining({ code: 'SESSION_STORAGE_UNAVAILABLE' })])
  })
})

describe('rolling modes and secure: auto', () => {
  const appWith = (options: Partial<Parameters<typeof withSession>[1]>, secure?: 'auto') =>
    withSession(
      (request, session) => {
        if (new URL(request.url).pathname === '/login') session.set('user', 'ada')
        return new Response('ok')
      },
      { storage, cookie: createCookie('sid', { secrets: [CURRENT_SECRET], secure }), ...options },
    )
  const setCookieOf = async (
    app: (request: Request) => Promise<Response>,
    url: string,
    headers: Record<string, string> = {},
  ) => (await app(new Request(url, { headers }))).headers.get('Set-Cookie')

  it("'changed' sends the cookie only when the session changed", async () => {
    const app = appWith({ rolling: 'changed' })
    const login = await setCookieOf(app, 'http://app.test/login')
    expect(login).toMatch(/^sid=/)
    const pair = login?.split(';')[0] ?? ''
    expect(await setCookieOf(app, 'http://app.test/', { Cookie: pair })).toBeNull()
    expect(await setCookieOf(app, 'http://app.test/login', { Cookie: pair })).toMatch(/^sid=/)
  })

  it("'refresh' re-sends the cookie once the store restarted the TTL (refreshAfter)", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const app = appWith({ rolling: 'refresh' })
      const pair = (await setCookieOf(app, 'http://app.test/login'))?.split(';')[0] ?? ''
      vi.setSystemTime(Date.now() + 10_000)
      // 10 s of a 3600 s TTL: under refreshAfter (0.1), the store was not refreshed.
      expect(await setCookieOf(app, 'http://app.test/', { Cookie: pair })).toBeNull()
      vi.setSystemTime(Date.now() + 400_000)
      // Past 360 s the read restarted the TTL: the cookie follows, with the full Max-Age.
      expect(await setCookieOf(app, 'http://app.test/', { Cookie: pair })).toMatch(
        /; Max-Age=3600;/,
      )
    } finally {
      vi.useRealTimers()
    }
  })

  it("'auto' marks the cookie Secure over HTTPS, and trusts X-Forwarded-Proto only with trustProxy", async () => {
    const plain = appWith({}, 'auto')
    expect(await setCookieOf(plain, 'http://app.test/login')).not.toMatch(/Secure/)
    expect(await setCookieOf(plain, 'https://app.test/login')).toMatch(/; Secure/)
    const forwarded = { 'X-Forwarded-Proto': 'https' }
    expect(await setCookieOf(plain, 'http://app.test/login', forwarded)).not.toMatch(/Secure/)
    const proxied = appWith({ trustProxy: true }, 'auto')
    expect(await setCookieOf(proxied, 'http://app.test/login', forwarded)).toMatch(/; Secure/)
  })

  it('refuses an unknown rolling mode', () => {
    expect(() => appWith({ rolling: 'sometimes' as never })).toThrow(SessionConfigError)
  })
})

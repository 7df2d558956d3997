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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

describe('nodeSessionMiddleware when the store fails', () => {
  it('answers 500 instead of sending a response whose session was not saved', async () => {
    const driver = createMemoryDriver()
    const failing = createSessionStorage({
      ...driver,
      create: () => Promise.reject(new Error('connect ECONNREFUSED')),
    })
    const errors: unknown[] = []
    const middleware = nodeSessionMiddleware({
      storage: failing,
      cookie,
      onSaveError: (error) => errors.push(error),
    })
    const server = createServer((req, res) => {
      middleware(req, res, () => {
        ;(req as RequestWithSession).session.set('a', 1)
        res.end('saved?')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
      expect(response.status).toBe(500)
      expect(response.headers.get('Set-Cookie')).toBeNull()
      expect(await response.text()).toBe('The session could not be saved')
      expect(errors).toHaveLength(1)
      expect((errors[0] as Error).name).toBe('SessionStorageUnavailableError')
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await driver.close()
    }
  })
})

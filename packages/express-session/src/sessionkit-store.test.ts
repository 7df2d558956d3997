import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SessionStorage } from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'
import { createRedisSessionStorage } from '@sessionkit/redis'
import { startRedisServer } from '@sessionkit/test-servers'
import express from 'express'
import session from 'express-session'
import passport from 'passport'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SessionkitStore } from './index.js'

declare module 'express-session' {
  interface SessionData {
    views: number
    remembered: boolean
    [key: string]: unknown
  }
}

interface Backend {
  storage: SessionStorage
  stop(): Promise<void>
}

const backends: { name: string; start(): Promise<Backend> }[] = [
  {
    name: 'memory',
    async start() {
      const storage = createMemorySessionStorage({ ttl: 600 })
      return { storage, stop: () => storage.close() }
    },
  },
  {
    name: 'redis',
    async start() {
      const server = await startRedisServer('redis8')
      const storage = createRedisSessionStorage({ url: server.url, ttl: 600, prefix: 'es:' })
      return {
        storage,
        async stop() {
          await storage.close()
          await server.stop()
        },
      }
    },
  },
]

passport.use('token', {
  authenticate(this: passport.StrategyCreated<passport.Strategy>, req: express.Request) {
    const name = req.query.name
    if (typeof name === 'string') this.success({ id: name })
    else this.fail(401)
  },
} as passport.Strategy)
passport.serializeUser((user, done) => done(null, (user as { id: string }).id))
passport.deserializeUser((id: string, done) => done(null, { id }))

/** An express-session app on `store`, with passport's session login. */
function appOn(store: session.Store) {
  const app = express()
  app.use(
    session({
      store,
      secret: 'keyboard cat',
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: 600_000 },
    }),
  )
  app.use(passport.session())
  app.post('/login', passport.authenticate('token'), (req, res) => {
    res.json({ user: req.user })
  })
  app.post('/logout', (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.send('bye')))
  })
  app.get('/me', (req, res) => {
    res.json({ user: req.user ?? null, views: req.session.views ?? 0, a: req.session.a ?? null })
  })
  app.get('/views', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1
    res.json({ views: req.session.views })
  })
  app.get('/slow-set', async (req, res, next) => {
    await sleep(Number(req.query.delay))
    req.session[String(req.query.key)] = String(req.query.value)
    if (req.query.save !== 'now') return void res.send('set')
    // express-session reports a failed save at the end of the response only to next(), once
    // the response is sent: an app that must answer it saves explicitly.
    req.session.save((error) => (error ? next(error) : res.send('set')))
  })
  app.get('/remember', (req, res) => {
    req.session.cookie.maxAge = 30 * 24 * 3600 * 1000
    req.session.remembered = true
    res.send('remembered')
  })
  app.get('/destroy', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.send('destroyed')))
  })
  app.use(((error, _req, res, _next) => {
    res.status(500).send(`error: ${error.message}`)
  }) as express.ErrorRequestHandler)
  return app
}

/** The session id inside express-session's signed cookie (`s:<id>.<signature>`). */
function sidOf(cookiePair: string): string {
  const value = decodeURIComponent(cookiePair.split('=')[1] ?? '')
  const match = /^s:([A-Za-z0-9_-]{32})\./.exec(value)
  if (!match?.[1]) throw new Error(`not an express-session cookie: ${cookiePair}`)
  return match[1]
}

describe.each(backends)('SessionkitStore on $name, under express-session', (backend) => {
  let running: Backend
  let store: SessionkitStore
  let server: Server
  let base: string

  const call = async (path: string, cookie = '', method = 'GET') => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: cookie ? { Cookie: cookie } : {},
      redirect: 'manual',
    })
    const setCookie = response.headers.get('Set-Cookie')
    return {
      status: response.status,
      body: await response.text(),
      cookie: setCookie ? (setCookie.split(';')[0] ?? '') : cookie,
    }
  }
  const count = () =>
    new Promise<number>((resolve, reject) =>
      store.length((error, length) => (error ? reject(error) : resolve(length ?? -1))),
    )

  beforeAll(async () => {
    running = await backend.start()
    store = new SessionkitStore(running.storage)
    server = appOn(store).listen(0, '127.0.0.1')
    await new Promise<void>((resolve) => server.once('listening', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()))
    await running?.stop()
  })
  beforeEach(async () => {
    await new Promise<void>((resolve, reject) =>
      store.clear((error) => (error ? reject(error) : resolve())),
    )
  })

  it('keeps a session across requests, one field per top-level key', async () => {
    const first = await call('/views')
    const second = await call('/views', first.cookie)
    expect(JSON.parse(second.body)).toEqual({ views: 2 })
    const stored = await running.storage.read(sidOf(first.cookie))
    expect(stored.keys().sort()).toEqual(['cookie', 'views'])
    expect(stored.get('views')).toBe(2)
    // express-session reads originalMaxAge back as expires - now: a millisecond may tick between.
    const cookie = stored.get('cookie') as { originalMaxAge: number; path: string }
    expect(cookie.path).toBe('/')
    expect(cookie.originalMaxAge).toBeGreaterThan(600_000 - 1_000)
    expect(cookie.originalMaxAge).toBeLessThanOrEqual(600_000)
  })

  it('keeps the store TTL with the cookie, remember-me included', async () => {
    const first = await call('/views')
    const stored = await running.storage.read(sidOf(first.cookie))
    expect(((stored.expiresAt ?? 0) - Date.now()) / 1000).toBeGreaterThan(590)
    expect(((stored.expiresAt ?? 0) - Date.now()) / 1000).toBeLessThanOrEqual(600)
    const remembered = await call('/remember', first.cookie)
    expect(remembered.cookie).toBe(first.cookie)
    const longer = await running.storage.read(sidOf(first.cookie))
    expect(longer.lifetime).toBe(30 * 24 * 3600)
    expect(((longer.expiresAt ?? 0) - Date.now()) / 1000).toBeGreaterThan(30 * 24 * 3600 - 10)
  })

  it('loses neither update when two requests change different keys at once', async () => {
    const first = await call('/views')
    await Promise.all([
      call('/slow-set?key=a&value=1&delay=150', first.cookie),
      call('/slow-set?key=b&value=2&delay=50', first.cookie),
    ])
    const stored = await running.storage.read(sidOf(first.cookie))
    expect([stored.get('a'), stored.get('b'), stored.get('views')]).toEqual(['1', '2', 1])
  })

  it('never brings back a session destroyed while a slower request was running', async () => {
    const first = await call('/views')
    const slow = call('/slow-set?key=a&value=late&delay=200', first.cookie)
    await sleep(50)
    expect((await call('/destroy', first.cookie)).body).toBe('destroyed')
    expect((await slow).status).toBe(200)
    expect((await running.storage.read(sidOf(first.cookie))).isNew).toBe(true)
    expect(await count()).toBe(0)
  })

  it('runs the passport login and logout flow (regenerate and save)', async () => {
    const visitor = await call('/views')
    const login = await call('/login?name=ada', visitor.cookie, 'POST')
    expect(JSON.parse(login.body)).toEqual({ user: { id: 'ada' } })
    expect(sidOf(login.cookie)).not.toBe(sidOf(visitor.cookie)) // no fixation
    expect((await running.storage.read(sidOf(visitor.cookie))).isNew).toBe(true)
    expect(JSON.parse((await call('/me', login.cookie)).body)).toMatchObject({
      user: { id: 'ada' },
    })
    const logout = await call('/logout', login.cookie, 'POST')
    expect(logout.body).toBe('bye')
    expect(JSON.parse((await call('/me', login.cookie)).body)).toMatchObject({ user: null })
    expect(JSON.parse((await call('/me', logout.cookie)).body)).toMatchObject({ user: null })
  })

  it('lists, counts and clears the sessions (all, length, clear)', async () => {
    await call('/login?name=ada', '', 'POST')
    await call('/login?name=grace', '', 'POST')
    expect(await count()).toBe(2)
    const all = await new Promise<unknown[]>((resolve, reject) =>
      store.all((error, sessions) => (error ? reject(error) : resolve(sessions as unknown[]))),
    )
    expect(
      all.map((data) => (data as { passport: { user: string } }).passport.user).sort(),
    ).toEqual(['ada', 'grace'])
    await new Promise<void>((resolve, reject) =>
      store.clear((error) => (error ? reject(error) : resolve())),
    )
    expect(await count()).toBe(0)
  })

  it('touch restarts the TTL with the lifetime the cookie asks for', async () => {
    const first = await call('/views')
    const sid = sidOf(first.cookie)
    await new Promise<void>((resolve, reject) =>
      store.touch(sid, { cookie: { originalMaxAge: 1_200_000 } } as session.SessionData, (error) =>
        error ? reject(error) : resolve(),
      ),
    )
    const stored = await running.storage.read(sid)
    expect(stored.lifetime).toBe(1200)
    expect(((stored.expiresAt ?? 0) - Date.now()) / 1000).toBeGreaterThan(1190)
  })

  it("sends a bad key through express's error path with a clear message, losing nothing", async () => {
    const first = await call('/views')
    const bad = await call('/slow-set?key=__sk:x&value=1&delay=0&save=now', first.cookie)
    expect(bad.status).toBe(500)
    expect(bad.body).toMatch(/may not start with "__sk:"/)
    expect(JSON.parse((await call('/me', first.cookie)).body)).toMatchObject({ views: 1 })
  })
})

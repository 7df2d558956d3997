import {
  createCookie,
  type Session,
  type SessionStorage,
  SessionStorageUnavailableError,
} from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'
import { createRedisSessionStorage } from '@sessionkit/redis'
import { startRedisServer, withFailures } from '@sessionkit/test-servers'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { type SessionEnv, sessionMiddleware } from './index.js'

interface Data {
  user: string
  visits: number
}

const cookie = createCookie('sid', { secrets: ['s3cret-for-tests-only-0123456789abcdef'] })

const backends = [
  {
    name: 'memory',
    async start() {
      const storage = createMemorySessionStorage({ ttl: 3600 })
      return { storage, stop: () => storage.close() }
    },
  },
  {
    name: 'redis',
    async start() {
      const server = await startRedisServer('redis8')
      const storage = createRedisSessionStorage({ url: server.url, ttl: 3600, prefix: 'hono:' })
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

function appOn(storage: SessionStorage) {
  const app = new Hono<SessionEnv<Session<Data>>>()
  app.use(sessionMiddleware<Session<Data>>({ storage, cookie, rolling: 'changed' }))
  app.post('/login', (c) => {
    const session = c.get('session')
    session.regenerateId()
    session.set('user', 'ada')
    if (c.req.query('remember')) session.setLifetime(30 * 24 * 3600)
    return c.text('hello')
  })
  app.get('/visit', (c) => {
    const session = c.get('session')
    session.set('visits', (session.get('visits') ?? 0) + 1)
    c.header('Set-Cookie', 'theme=dark')
    return c.json({ user: session.get('user') ?? null, visits: session.get('visits') })
  })
  app.get('/peek', (c) => c.json({ user: c.get('session').get('user') ?? null }))
  app.onError((error, c) =>
    c.text(
      `error page: ${error.name}`,
      error instanceof SessionStorageUnavailableError ? 503 : 500,
    ),
  )
  return app
}

describe.each(backends)('Hono sessionMiddleware on $name', (backend) => {
  let running: Awaited<ReturnType<(typeof backend)['start']>>
  let app: ReturnType<typeof appOn>
  const failing = { storage: undefined as unknown as ReturnType<typeof withFailures> }

  beforeAll(async () => {
    running = await backend.start()
    failing.storage = withFailures(running.storage)
    app = appOn(failing.storage)
  })
  afterAll(() => running?.stop())

  const pairOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .find((line) => line.startsWith('sid='))
      ?.split(';')[0] ?? ''
  const send = (path: string, pair = '', method = 'GET') =>
    app.request(path, { method, headers: pair ? { Cookie: pair } : {} })

  it('keeps the session and appends its cookie beside the handler’s own', async () => {
    const login = await send('/login', '', 'POST')
    expect(login.headers.get('Set-Cookie')).toMatch(/^sid=[^;]+; Path=\/; Max-Age=3600; HttpOnly/)
    const visit = await send('/visit', pairOf(login))
    expect(await visit.json()).toEqual({ user: 'ada', visits: 1 })
    expect(visit.headers.getSetCookie()).toEqual(['theme=dark', expect.stringMatching(/^sid=/)])
  })

  it("sends no cookie for an unchanged session under rolling: 'changed'", async () => {
    const login = await send('/login', '', 'POST')
    const peek = await send('/peek', pairOf(login))
    expect(await peek.json()).toEqual({ user: 'ada' })
    expect(peek.headers.get('Set-Cookie')).toBeNull()
  })

  it('honours a per-session lifetime in the cookie', async () => {
    const login = await send('/login?remember=1', '', 'POST')
    expect(login.headers.get('Set-Cookie')).toMatch(/; Max-Age=2592000;/)
  })

  it('sends a failed save, then a failed read, to app.onError, losing nothing', async () => {
    const login = await send('/login', '', 'POST')
    failing.storage.fail('save', new SessionStorageUnavailableError('store down'))
    const failed = await send('/visit', pairOf(login))
    expect(failed.status).toBe(503)
    expect(await failed.text()).toBe('error page: SessionStorageUnavailableError')
    expect(failed.headers.get('Set-Cookie')).toBeNull()
    failing.storage.heal()
    failing.storage.fail('read', new SessionStorageUnavailableError('store down'))
    expect((await send('/peek', pairOf(login))).status).toBe(503)
    failing.storage.heal()
    expect(await (await send('/visit', pairOf(login))).json()).toEqual({ user: 'ada', visits: 1 })
  })
})

describe('types', () => {
  it("types c.get('session') by the middleware's session type", () => {
    const app = new Hono().use(
      sessionMiddleware<Session<Data>>({ storage: createMemorySessionStorage(), cookie }),
    )
    app.get('/', (c) => {
      expectTypeOf(c.get('session').get('visits')).toEqualTypeOf<number | undefined>()
      // @ts-expect-error: not a key of Data
      c.get('session').set('nope', 1)
      return c.text('')
    })
  })
})

import {
  createCookie,
  type Session,
  type SessionStorage,
  SessionStorageUnavailableError,
} from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'
import { createRedisSessionStorage } from '@sessionkit/redis'
import { type FailingStorage, startRedisServer, withFailures } from '@sessionkit/test-servers'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { sessionkitPlugin } from './index.js'

interface Data {
  user: string
  visits: number
}

declare module './index.js' {
  interface FastifySessionTypes {
    session: Session<Data>
  }
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
      const storage = createRedisSessionStorage({ url: server.url, ttl: 3600, prefix: 'fy:' })
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

async function appOn(storage: SessionStorage): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(sessionkitPlugin, { storage, cookie })
  app.post('/login', async (request) => {
    request.session.regenerateId()
    request.session.set('user', 'ada')
    if ((request.query as { remember?: string }).remember) request.session.setLifetime(86_400)
    return { ok: true }
  })
  app.get('/visit', async (request, reply) => {
    const visits = (request.session.get('visits') ?? 0) + 1
    request.session.set('visits', visits)
    reply.header('set-cookie', 'theme=dark').header('x-handler', 'yes')
    return { user: request.session.get('user') ?? null, visits }
  })
  app.setErrorHandler((error: Error, _request, reply) => {
    reply
      .status(error instanceof SessionStorageUnavailableError ? 503 : 500)
      .send({ error: error.name })
  })
  await app.ready()
  return app
}

describe.each(backends)('Fastify sessionkitPlugin on $name', (backend) => {
  let running: Awaited<ReturnType<(typeof backend)['start']>>
  let storage: FailingStorage
  let app: FastifyInstance

  beforeAll(async () => {
    running = await backend.start()
    storage = withFailures(running.storage)
    app = await appOn(storage)
  })
  afterAll(async () => {
    await app?.close()
    await running?.stop()
  })

  const sidOf = (cookies: string | string[] | undefined) =>
    [cookies ?? []]
      .flat()
      .find((line) => line.startsWith('sid='))
      ?.split(';')[0] ?? ''
  const send = (url: string, pair = '', method: 'GET' | 'POST' = 'GET') =>
    app.inject({ method, url, headers: pair ? { cookie: pair } : {} })

  it('reads request.session and saves it in onSend, beside the reply’s own cookies', async () => {
    const login = await send('/login', '', 'POST')
    expect(String(login.headers['set-cookie'])).toMatch(
      /^sid=[^;]+; Path=\/; Max-Age=3600; HttpOnly/,
    )
    const visit = await send('/visit', sidOf(login.headers['set-cookie']))
    expect(visit.json()).toEqual({ user: 'ada', visits: 1 })
    expect(visit.headers['set-cookie']).toEqual(['theme=dark', expect.stringMatching(/^sid=/)])
  })

  it('honours a per-session lifetime in the cookie', async () => {
    const login = await send('/login?remember=1', '', 'POST')
    expect(String(login.headers['set-cookie'])).toMatch(/; Max-Age=86400;/)
  })

  it("sends a failed save and a failed read to Fastify's error handler, losing nothing", async () => {
    const pair = sidOf((await send('/login', '', 'POST')).headers['set-cookie'])
    storage.fail('save', new SessionStorageUnavailableError('store down'))
    const failed = await send('/visit', pair)
    expect(failed.statusCode).toBe(503)
    expect(failed.json()).toEqual({ error: 'SessionStorageUnavailableError' })
    expect(failed.headers['set-cookie']).toBeUndefined()
    expect(failed.headers['content-length']).toBe(String(failed.body.length))
    storage.heal()
    storage.fail('read', new SessionStorageUnavailableError('store down'))
    expect((await send('/visit', pair)).statusCode).toBe(503)
    storage.heal()
    expect((await send('/visit', pair)).json()).toEqual({ user: 'ada', visits: 1 })
  })
})

describe('types', () => {
  it('types request.session as the app declared it', async () => {
    const app = Fastify()
    app.get('/', async (request) => {
      expectTypeOf(request.session.get('visits')).toEqualTypeOf<number | undefined>()
      // @ts-expect-error: not a key of Data
      request.session.set('nope', 1)
      return ''
    })
    await app.close()
  })
})

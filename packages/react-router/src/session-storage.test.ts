import { createCookie, type SessionStorage } from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'
import { createRedisSessionStorage } from '@sessionkit/redis'
import { startRedisServer } from '@sessionkit/test-servers'
import { type ActionFunctionArgs, createRequestHandler, type ServerBuild } from 'react-router'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import { createReactRouterSessionStorage } from './index.js'

interface Data {
  user: string
}
interface Flash {
  notice: string
}

const cookie = createCookie('__session', {
  secrets: ['s3cret-for-tests-only-0123456789abcdef'],
  secure: true,
})

/** A React Router server build of resource routes (loaders and actions only). */
function buildFor(storage: SessionStorage): ServerBuild {
  const { getSession, commitSession, destroySession } = createReactRouterSessionStorage<
    Data,
    Flash
  >({ storage, cookie })
  const json = (value: unknown, headers: HeadersInit = {}) =>
    Response.json(value, { headers: { ...headers } })
  const routes = {
    root: { id: 'root', path: '', module: {} },
    login: {
      id: 'login',
      parentId: 'root',
      path: 'login',
      module: {
        async action({ request }: ActionFunctionArgs) {
          const session = await getSession(request.headers.get('Cookie'))
          const form = await request.formData()
          session.set('user', String(form.get('user')))
          session.flash('notice', 'Welcome')
          const remember = form.get('remember') === 'on'
          return new Response(null, {
            status: 302,
            headers: {
              Location: '/me',
              'Set-Cookie': await commitSession(
                session,
                remember ? { maxAge: 30 * 24 * 3600 } : undefined,
              ),
            },
          })
        },
      },
    },
    me: {
      id: 'me',
      parentId: 'root',
      path: 'me',
      module: {
        async loader({ request }: ActionFunctionArgs) {
          const session = await getSession(request.headers.get('Cookie'))
          const body = {
            id: session.id,
            user: session.get('user') ?? null,
            notice: session.get('notice') ?? null,
          }
          if (new URL(request.url).searchParams.has('nocommit')) return json(body)
          return json(body, { 'Set-Cookie': await commitSession(session) })
        },
      },
    },
    logout: {
      id: 'logout',
      parentId: 'root',
      path: 'logout',
      module: {
        async action({ request }: ActionFunctionArgs) {
          const session = await getSession(request.headers.get('Cookie'))
          return json({ bye: true }, { 'Set-Cookie': await destroySession(session) })
        },
      },
    },
  }
  return {
    entry: { module: { default: () => new Response('no documents here', { status: 500 }) } },
    routes,
    assets: {
      entry: { module: '/entry.js', imports: [] },
      routes: {},
      url: '/manifest.js',
      version: '1',
    },
    publicPath: '/',
    assetsBuildDirectory: 'build/client',
    future: {},
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: 'lazy', manifestPath: '/__manifest' },
  } as unknown as ServerBuild
}

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
      const storage = createRedisSessionStorage({ url: server.url, ttl: 3600, prefix: 'rr:' })
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

describe.each(backends)(
  'createReactRouterSessionStorage on $name, through createRequestHandler',
  (backend) => {
    let running: Awaited<ReturnType<(typeof backend)['start']>>
    let handle: (request: Request) => Promise<Response>

    beforeAll(async () => {
      running = await backend.start()
      const handler = createRequestHandler(buildFor(running.storage), 'production')
      handle = (request) => handler(request)
    })
    afterAll(() => running?.stop())

    const pairOf = (response: Response) => response.headers.get('Set-Cookie')?.split(';')[0] ?? ''
    const login = (fields: Record<string, string>) =>
      handle(
        new Request('http://app.test/login', { method: 'POST', body: new URLSearchParams(fields) }),
      )
    const me = (pair: string, query = '') =>
      handle(new Request(`http://app.test/me${query}`, { headers: { Cookie: pair } }))

    it('logs in, reads the flash once after a commit, as React Router does', async () => {
      const response = await login({ user: 'ada' })
      expect(response.status).toBe(302)
      expect(response.headers.get('Set-Cookie')).toMatch(
        /^__session=[^;]+; Path=\/; Max-Age=3600; HttpOnly; Secure; SameSite=Lax$/,
      )
      const pair = pairOf(response)
      const first = await me(pair)
      expect(await first.json()).toMatchObject({ user: 'ada', notice: 'Welcome' })
      expect(await (await me(pair)).json()).toMatchObject({ user: 'ada', notice: null })
    })

    it('keeps a flash that was read without a commit, as React Router does', async () => {
      const pair = pairOf(await login({ user: 'grace' }))
      expect(await (await me(pair, '?nocommit')).json()).toMatchObject({ notice: 'Welcome' })
      expect(await (await me(pair)).json()).toMatchObject({ notice: 'Welcome' })
      expect(await (await me(pair)).json()).toMatchObject({ notice: null })
    })

    it('gives a session the lifetime commitSession asks for, in the store and the cookie', async () => {
      const response = await login({ user: 'ada', remember: 'on' })
      expect(response.headers.get('Set-Cookie')).toMatch(/; Max-Age=2592000;/)
      const id = await cookie.parse(pairOf(response))
      const stored = await running.storage.read(id)
      expect(stored.lifetime).toBe(2592000)
    })

    it('destroys the session: cleared cookie, and the old cookie finds nothing', async () => {
      const pair = pairOf(await login({ user: 'ada' }))
      const out = await handle(
        new Request('http://app.test/logout', { method: 'POST', headers: { Cookie: pair } }),
      )
      expect(out.headers.get('Set-Cookie')).toMatch(/^__session=; .*Max-Age=0/)
      expect(await (await me(pair)).json()).toMatchObject({ id: '', user: null })
    })

    it('answers a visitor with a new, empty session whose id is empty', async () => {
      expect(await (await me('')).json()).toEqual({ id: '', user: null, notice: null })
    })
  },
)

describe('types', () => {
  it('types get, set and flash by key, as React Router does', () => {
    const { getSession } = createReactRouterSessionStorage<Data, Flash>({
      storage: createMemorySessionStorage(),
      cookie,
    })
    type RouterSession = Awaited<ReturnType<typeof getSession>>
    expectTypeOf<ReturnType<RouterSession['get']>>().toEqualTypeOf<string | undefined>()
    expectTypeOf<RouterSession['set']>().parameter(0).toEqualTypeOf<'user'>()
    expectTypeOf<RouterSession['flash']>().parameter(0).toEqualTypeOf<'notice'>()
  })
})

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import {
  createCookie,
  createSessionStorageFromConfig,
  nodeSessionMiddleware,
  type RequestWithSession,
  type Session,
  type SessionStorage,
} from '@sessionkit/core'
import { renderPage } from './page.js'

/** Options of `createDemoServer`. */
export interface DemoOptions {
  /** A store URL, e.g. memory://, redis://localhost:6379, memcache://localhost:11211. */
  readonly store: string
  /** Cookie signing secrets, newest first. */
  readonly secrets: readonly string[]
}

/** The demo's HTTP server and the storage it uses (close both when done). */
export interface Demo {
  readonly server: Server
  readonly storage: SessionStorage
  close(): Promise<void>
}

const REMEMBER_SECONDS = 30
const MAX_BODY_BYTES = 4096

/** Build the demo app: log in, count, a flash after login, a 30-second field, log out. */
export async function createDemoServer(options: DemoOptions): Promise<Demo> {
  const storage = await createSessionStorageFromConfig(options.store)
  const cookie = createCookie('demo_session', { secrets: options.secrets })
  const sessions = nodeSessionMiddleware({ storage, cookie })
  const store = describeStore(options.store)

  const server = createServer((req, res) => {
    sessions(req, res, (error) => {
      if (error) {
        res
          .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('Session store unavailable')
        return
      }
      handle(req as RequestWithSession, res, store, storage).catch(() => {
        if (!res.headersSent) res.writeHead(500).end('Internal error')
      })
    })
  })

  return {
    server,
    storage,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await storage.close()
    },
  }
}

async function handle(
  req: RequestWithSession,
  res: ServerResponse,
  store: string,
  storage: SessionStorage,
) {
  const { session } = req
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://demo').pathname}`
  switch (route) {
    case 'GET /':
      return sendPage(res, session, store, storage)
    case 'POST /login': {
      const form = await readForm(req)
      const name = (form.get('name') ?? '').trim().slice(0, 40)
      if (name === '') return redirect(res)
      session.regenerateId()
      session.set('user', name)
      session.set('count', 0)
      if (form.get('remember') === '1') session.set('remembered', true, { ttl: REMEMBER_SECONDS })
      else session.unset('remembered')
      session.flash('notice', `Welcome, ${name}! You are logged in.`)
      return redirect(res)
    }
    case 'POST /count':
      if (session.has('user')) session.set('count', Number(session.get('count') ?? 0) + 1)
      return redirect(res)
    case 'POST /logout':
      session.destroy()
      return redirect(res)
    default:
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
  }
}

function sendPage(res: ServerResponse, session: Session, store: string, storage: SessionStorage) {
  const user = session.get('user')
  const html = renderPage({
    store,
    fieldTtl: storage.capabilities.fieldTtl,
    user: typeof user === 'string' ? user : undefined,
    count: Number(session.get('count') ?? 0),
    notice: session.get('notice') as string | undefined,
    rememberedFor: session.has('remembered') ? session.ttl('remembered') : undefined,
    sessionId: session.isNew ? undefined : session.id,
  })
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(html)
}

function redirect(res: ServerResponse) {
  res.writeHead(303, { Location: '/' }).end()
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req) {
    body += String(chunk)
    if (body.length > MAX_BODY_BYTES) break
  }
  return new URLSearchParams(body)
}

/** The store URL without credentials or query, for display. */
function describeStore(url: string): string {
  return url.replace(/\/\/[^@/?#]*@/, '//').replace(/\?.*$/, '')
}

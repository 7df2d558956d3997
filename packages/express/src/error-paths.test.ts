import { Agent, type ClientRequest, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCookie, SessionStorageUnavailableError } from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'
import { type FailingStorage, withFailures } from '@sessionkit/test-servers'
import express, { type ErrorRequestHandler } from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sessionMiddleware } from './index.js'
import './augment.js'

const cookie = createCookie('sid', { secrets: ['s3cret-for-tests-only-0123456789abcdef'] })
const storage: FailingStorage = withFailures(createMemorySessionStorage({ ttl: 600 }))
const errorsSeen: unknown[] = []
const PAGE = 'x'.repeat(5000)

const app = express()
app.use(sessionMiddleware({ storage, cookie }))
app.get('/ok', (req, res) => {
  req.session.set('visits', Number(req.session.get('visits') ?? 0) + 1)
  res.send('ok')
})
app.get('/page', (req, res) => {
  req.session.set('seen', true)
  res.setHeader('ETag', '"handler"')
  res.send(PAGE)
})
app.get('/read-only', (_req, res) => {
  res.send('nothing to save')
})
app.get('/save-inside', async (req, res) => {
  req.session.set('cart', ['apple'])
  try {
    await req.session.save()
    res.send('saved')
  } catch {
    await req.session.reload()
    res.status(409).send('your cart could not be saved, try again')
  }
})
const errorPage: ErrorRequestHandler = (error, _req, res, _next) => {
  errorsSeen.push(error)
  res.status(error instanceof SessionStorageUnavailableError ? 503 : 500).send('custom error page')
}
app.use(errorPage)

let server: ReturnType<typeof app.listen>
let port: number
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

beforeAll(async () => {
  server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => server.once('listening', resolve))
  port = (server.address() as AddressInfo).port
})
afterEach(() => {
  storage.heal()
  errorsSeen.length = 0
})
afterAll(async () => {
  agent.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await storage.close()
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  reusedSocket: boolean
}

/** A GET over one keep-alive connection: a response that lies about its length breaks the next. */
function get(path: string, cookieHeader?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req: ClientRequest = httpRequest(
      { port, path, agent, headers: cookieHeader ? { Cookie: cookieHeader } : {} },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            reusedSocket: req.reusedSocket,
          }),
        )
        res.on('error', reject)
      },
    )
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${path}: no complete answer in 5 s`)))
    req.on('error', reject)
    req.end()
  })
}

const pair = (answer: Answer) => String(answer.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? ''

describe('Express 5: a store that fails at save', () => {
  it("sends the app's error page, whole, instead of the handler's response (res.send)", async () => {
    storage.fail('save', new SessionStorageUnavailableError('store down'))
    const failed = await get('/ok')
    expect(errorsSeen).toHaveLength(1)
    expect(failed.status).toBe(503)
    expect(failed.body).toBe('custom error page')
    expect(failed.headers['content-length']).toBe(String('custom error page'.length))
    expect(failed.headers['set-cookie']).toBeUndefined()
    // The same connection serves the next request intact.
    storage.heal()
    const next = await get('/ok')
    expect(next.reusedSocket).toBe(true)
    expect(next.status).toBe(200)
    expect(next.body).toBe('ok')
  })

  it('drops the headers the handler set for a 5,000-byte page, and never hangs', async () => {
    storage.fail('save', new SessionStorageUnavailableError('store down'))
    const failed = await get('/page')
    expect(failed.status).toBe(503)
    expect(failed.body).toBe('custom error page')
    expect(failed.headers.etag).not.toBe('"handler"')
    expect(failed.headers['content-length']).toBe('17')
    storage.heal()
    const ok = await get('/page')
    expect(ok.body).toBe(PAGE)
    expect(ok.headers.etag).toBe('"handler"')
  })

  it('loses nothing already stored: the session is intact once the store is back', async () => {
    const first = await get('/ok')
    storage.fail('save', new SessionStorageUnavailableError('store down'))
    expect((await get('/ok', pair(first))).status).toBe(503)
    storage.heal()
    const again = await get('/ok', pair(first))
    expect(again.status).toBe(200)
    const value = await storage.read(await cookie.parse(pair(first)))
    expect(value.get('visits')).toBe(2)
  })

  it('lets a handler deal with the failure itself through session.save()', async () => {
    storage.fail('save', new SessionStorageUnavailableError('store down'))
    const answer = await get('/save-inside')
    expect(answer.status).toBe(409)
    expect(answer.body).toBe('your cart could not be saved, try again')
    expect(errorsSeen).toHaveLength(0)
    expect(storage.failures).toBeGreaterThan(0)
  })

  it('saves once when the handler saved and changed nothing after', async () => {
    const before = storage.writes
    const answer = await get('/save-inside')
    expect(answer.body).toBe('saved')
    expect(pair(answer)).toMatch(/^sid=/)
    // The middleware's own save had nothing left to write: one write in all.
    expect(storage.writes).toBe(before + 1)
    const stored = await storage.read(await cookie.parse(pair(answer)))
    expect(stored.get('cart')).toEqual(['apple'])
  })
})

describe('Express 5: a store that fails at read', () => {
  it("goes to the app's error middleware before any handler runs", async () => {
    const first = await get('/ok')
    storage.fail('read', new SessionStorageUnavailableError('store down'))
    const failed = await get('/read-only', pair(first))
    expect(failed.status).toBe(503)
    expect(failed.body).toBe('custom error page')
    expect(errorsSeen).toEqual([expect.any(SessionStorageUnavailableError)])
    storage.heal()
    expect((await get('/read-only', pair(first))).body).toBe('nothing to save')
  })
})

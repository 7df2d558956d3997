import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DemoClient } from '../test-support/demo-client.js'
import { baseUrl, startDemo, TEST_SECRET } from '../test-support/walk-through.js'
import type { Demo } from './app.js'

// A real Redis that stops answering mid-session: what a visitor sees and what the server logs.
let redis: TestServer | undefined
let demo: Demo | undefined
const logged: string[] = []
/** How long the demo may take to serve again once Redis is back. */
const RECOVERY_BOUND_MS = 5000

beforeAll(async () => {
  redis = await startRedisServer('redis8')
})

afterEach(async () => {
  await redis?.resume().catch(() => {})
  await demo?.close()
  demo = undefined
  logged.length = 0
})

afterAll(async () => {
  await redis?.stop()
})

async function loggedInWhileStoreIsDown(): Promise<{ browser: DemoClient; cookie: string }> {
  const started = await startDemo(`redis://127.0.0.1:${redis?.port}?timeout=1500`, (line) =>
    logged.push(line),
  )
  demo = started.demo
  const { browser } = started
  expect(await browser.post('/login', { name: 'Ada' })).toBe(303)
  expect((await browser.get('/')).status).toBe(200)
  const cookie = browser.currentCookie
  await redis?.pause()
  return { browser, cookie }
}

function expectFriendly503(response: Response, body: string) {
  expect(response.status).toBe(503)
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(response.headers.get('retry-after')).toBe('5')
  expect(response.headers.get('set-cookie')).toBeNull()
  expect(body).toContain('<meta name="viewport"')
  expect(body).toContain('Session store unavailable')
  expect(body).toContain('Try again in a few seconds')
  expect(body).toContain('<a href="/">Back to the demo</a>')
}

/** The log holds one line per failed request, with no secret, cookie or raw session id. */
function expectLoggedSafely(count: number, request: string, cookie: string) {
  expect(logged).toHaveLength(count)
  const rawId = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).split('.')[0] ?? ''
  expect(rawId).toMatch(/^[\w-]{32}$/)
  for (const line of logged) {
    expect(line).toContain(`[demo] ${request}: session store failure: `)
    expect(line).toContain('SESSION_STORAGE_UNAVAILABLE')
    expect(line).not.toContain(rawId)
    expect(line).not.toContain(TEST_SECRET)
  }
}

describe('the demo when its store stops answering', () => {
  it('shows a 503 page when reading the session fails, and logs it', async () => {
    const { cookie } = await loggedInWhileStoreIsDown()
    const response = await fetch(`${baseUrl(demo as Demo)}/`, { headers: { Cookie: cookie } })
    expectFriendly503(response, await response.text())
    expectLoggedSafely(1, 'GET /', cookie)
  })

  it('shows a 503 page when saving the session fails (a new login), and logs it', async () => {
    const { cookie } = await loggedInWhileStoreIsDown()
    const response = await fetch(`${baseUrl(demo as Demo)}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=Grace',
      redirect: 'manual',
    })
    expectFriendly503(response, await response.text())
    expectLoggedSafely(1, 'POST /login', cookie)
  })

  it('serves again once the store is back', async () => {
    const { browser } = await loggedInWhileStoreIsDown()
    expect((await browser.get('/')).status).toBe(503)
    await redis?.resume()
    // The client reconnects on its own schedule (backoff of up to half a second): the demo
    // serves again within a bound, with no restart. The stopped container kept no data: the
    // session is gone and the page shows the login form.
    const deadline = Date.now() + RECOVERY_BOUND_MS
    let page = await browser.get('/')
    while (page.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      page = await browser.get('/')
    }
    expect(page.status).toBe(200)
    expect(page.body).toContain('name="name"')
  })
})

import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'vitest'
import { createDemoServer, type Demo } from '../src/app.js'
import { REMEMBER_SECONDS } from '../src/routes/constants.js'
import { DemoClient } from './demo-client.js'

/** The secret the tests sign cookies with. */
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789'

/** Start the demo on a free port with `store`; the caller closes the returned demo. */
export async function startDemo(
  store: string,
  log?: (line: string) => void,
): Promise<{ demo: Demo; browser: DemoClient }> {
  const demo = await createDemoServer({ store, secrets: [TEST_SECRET], log })
  await new Promise<void>((resolve) => demo.server.listen(0, '127.0.0.1', resolve))
  return { demo, browser: new DemoClient(baseUrl(demo)) }
}

/** The demo's `http://127.0.0.1:PORT`. */
export function baseUrl(demo: Demo): string {
  return `http://127.0.0.1:${(demo.server.address() as AddressInfo).port}`
}

/** The text of the element with `id` in `html` (first match), or undefined. */
export function textOf(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
}

/** Click through everything the demo offers, asserting what a person would see. */
export async function walkThrough(demo: Demo, browser: DemoClient): Promise<void> {
  const home = await browser.get('/')
  expect(textOf(home.body, 'store')).toBe(demo.storeLabel)
  expect(textOf(home.body, 'field-ttl')).toBe(demo.storage.capabilities.fieldTtl)
  expect(home.body).toContain(
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
  )
  expect(home.body).toContain('name="name"')
  expect(browser.currentCookie).toBe('')

  // Log in with "remember me": a flash, and a lifetime of its own in the cookie.
  expect(await browser.post('/login', { name: 'Ada <script>', remember: '1' })).toBe(303)
  expect(browser.currentCookie).toMatch(/^demo_session=/)
  expect(browser.lastMaxAge).toBeGreaterThan(REMEMBER_SECONDS - 5)
  const afterLogin = await browser.get('/')
  expect(afterLogin.body).toContain('Welcome, Ada &lt;script&gt;! You are logged in.')
  expect(afterLogin.body).toContain('This green box is a flash')
  expect(textOf(afterLogin.body, 'user')).toBe('Ada &lt;script&gt;')
  expect(textOf(afterLogin.body, 'lifetime')).toBe('30 days')
  expect(browser.lastMaxAge).toBeGreaterThan(REMEMBER_SECONDS - 5)
  expect((await browser.get('/')).body).not.toContain('Welcome')

  // Regenerate: a new cookie, the handle changes, the old id is dead.
  const before = textOf((await browser.get('/')).body, 'handle')
  const oldCookie = browser.currentCookie
  expect(before).toMatch(/^[\w-]{8}$/)
  expect(await browser.post('/regenerate')).toBe(303)
  expect(browser.currentCookie).not.toBe(oldCookie)
  const regenerated = await browser.get('/')
  expect(textOf(regenerated.body, 'handle-before')).toBe(before)
  expect(textOf(regenerated.body, 'handle')).not.toBe(before)
  expect(textOf(regenerated.body, 'user')).toBe('Ada &lt;script&gt;')
  const stale = new DemoClient(browser.base)
  stale.useCookie(oldCookie)
  expect((await stale.get('/')).body).toContain('name="name"')

  // Stop remembering: back to the store's TTL, in the cookie too.
  expect(await browser.post('/remember', { remember: '0' })).toBe(303)
  expect(browser.lastMaxAge).toBeLessThanOrEqual(demo.storage.ttl)
  expect(browser.lastMaxAge).toBeGreaterThan(demo.storage.ttl - 5)

  // A key with its own TTL expires while the session lives on.
  expect(await browser.post('/code', { seconds: '1' })).toBe(303)
  const withCode = await browser.get('/')
  expect(textOf(withCode.body, 'code')).toMatch(/^\d{6}$/)
  await waitUntil(async () => textOf((await browser.get('/')).body, 'code') === undefined)
  const afterCode = await browser.get('/')
  expect(afterCode.body).toContain('id="no-code"')
  expect(textOf(afterCode.body, 'user')).toBe('Ada &lt;script&gt;')

  await browser.post('/count')
  await browser.post('/count')
  expect(textOf((await browser.get('/')).body, 'count')).toBe('2')

  expect(await browser.post('/logout')).toBe(303)
  expect(browser.currentCookie).toBe('')
  expect((await browser.get('/')).body).toContain('name="name"')
}

/** Poll `condition` every 200 ms for up to `ms`; fails the test when it never holds. */
export async function waitUntil(condition: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition still false after ${ms} ms`)
    await sleep(200)
  }
}

import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import { createDemoServer, type Demo } from '../src/app.js'
import { DemoClient } from './demo-client.js'

/** Start the demo on a free port with `store`; the caller closes the returned demo. */
export async function startDemo(store: string): Promise<{ demo: Demo; browser: DemoClient }> {
  const demo = await createDemoServer({ store, secrets: ['test-secret'] })
  await new Promise<void>((resolve) => demo.server.listen(0, '127.0.0.1', resolve))
  const browser = new DemoClient(`http://127.0.0.1:${(demo.server.address() as AddressInfo).port}`)
  return { demo, browser }
}

/** Click through everything the demo offers, asserting what a person would see. */
export async function walkThrough(browser: DemoClient, storeLabel: string): Promise<void> {
  const home = await browser.get('/')
  expect(home.body).toContain(`<strong id="store">${storeLabel}</strong>`)
  expect(home.body).toContain('name="name"')
  expect(browser.currentCookie).toBe('')

  expect(await browser.post('/login', { name: 'Ada <script>', remember: '1' })).toBe(303)
  expect(browser.currentCookie).toMatch(/^demo_session=/)
  const afterLogin = await browser.get('/')
  expect(afterLogin.body).toContain('Welcome, Ada &lt;script&gt;! You are logged in.')
  expect(afterLogin.body).toContain('<strong id="user">Ada &lt;script&gt;</strong>')
  expect(afterLogin.body).toMatch(/Remembered for another (29|30) s/)
  expect((await browser.get('/')).body).not.toContain('Welcome')

  await browser.post('/count')
  await browser.post('/count')
  expect((await browser.get('/')).body).toContain('<strong id="count">2</strong>')

  expect(await browser.post('/logout')).toBe(303)
  expect(browser.currentCookie).toBe('')
  expect((await browser.get('/')).body).toContain('name="name"')
}

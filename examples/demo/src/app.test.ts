import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createDemoServer, type Demo } from './app.js'
import { DemoClient } from './demo-client.js'

let demo: Demo | undefined

afterEach(async () => {
  await demo?.close()
  demo = undefined
})

async function start(store: string): Promise<DemoClient> {
  demo = await createDemoServer({ store, secrets: ['test-secret'] })
  const server = demo.server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return new DemoClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
}

describe('the demo app', () => {
  it('walks through login, flash, counter, remember-me and logout', async () => {
    const browser = await start('memory://')
    const home = await browser.get('/')
    expect(home.body).toContain('<strong id="store">memory://</strong>')
    expect(home.body).toContain('name="name"')
    expect(browser.currentCookie).toBe('')

    expect(await browser.post('/login', { name: 'Ada <script>', remember: '1' })).toBe(303)
    const loggedInCookie = browser.currentCookie
    expect(loggedInCookie).toMatch(/^demo_session=/)
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
  })

  it('gives a fresh id on login (no fixation)', async () => {
    const browser = await start('memory://')
    await browser.post('/login', { name: 'Ada' })
    const first = browser.currentCookie
    await browser.post('/logout')
    await browser.post('/login', { name: 'Ada' })
    expect(browser.currentCookie).not.toBe(first)
  })

  it('refuses a store URL it cannot use, listing the problems', async () => {
    await expect(createDemoServer({ store: 'memory://?ttl=never', secrets: ['s'] })).rejects.toThrow(/ttl/)
  })
})

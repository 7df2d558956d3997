import { afterEach, describe, expect, it } from 'vitest'
import { startDemo, textOf, walkThrough } from '../test-support/walk-through.js'
import { createDemoServer, type Demo } from './app.js'

let demo: Demo | undefined

afterEach(async () => {
  await demo?.close()
  demo = undefined
})

describe('the demo app on the memory store', () => {
  it('walks through login, flash, regenerate, remember-me, per-key TTL, counter and logout', async () => {
    const started = await startDemo('memory://?ttl=3600')
    demo = started.demo
    expect(demo.storeLabel).toBe('memory://')
    await walkThrough(started.demo, started.browser)
  })

  it('gives a fresh id on login (no fixation)', async () => {
    const { demo: started, browser } = await startDemo('memory://')
    demo = started
    await browser.post('/login', { name: 'Ada' })
    const first = browser.currentCookie
    await browser.post('/logout')
    await browser.post('/login', { name: 'Ada' })
    expect(browser.currentCookie).not.toBe(first)
  })

  it('logs in without "remember me" for the store TTL, in the cookie and the page', async () => {
    const { demo: started, browser } = await startDemo('memory://?ttl=600')
    demo = started
    await browser.post('/login', { name: 'Ada' })
    expect(browser.lastMaxAge).toBeGreaterThan(595)
    expect(browser.lastMaxAge).toBeLessThanOrEqual(600)
    const page = (await browser.get('/')).body
    expect(page).toContain('Not remembered')
    expect(textOf(page, 'lifetime')).toBe('10 min')
  })

  it('refuses a code TTL out of range, with a flash saying so', async () => {
    const { demo: started, browser } = await startDemo('memory://')
    demo = started
    await browser.post('/login', { name: 'Ada' })
    await browser.get('/')
    for (const seconds of ['0', '1.5', '3601', 'x']) {
      expect(await browser.post('/code', { seconds })).toBe(303)
      const page = (await browser.get('/')).body
      expect(page).toContain('A code lives from 1 to 3600 whole seconds.')
      expect(page).toContain('id="no-code"')
    }
  })

  it('answers an unknown page with a 404 page', async () => {
    const { demo: started, browser } = await startDemo('memory://')
    demo = started
    const page = await browser.get('/nope')
    expect(page.status).toBe(404)
    expect(page.body).toContain('Page not found')
  })

  it('refuses a form body over 4 KiB with a 413 page, logging nothing', async () => {
    const logged: string[] = []
    const { demo: started, browser } = await startDemo('memory://', (line) => logged.push(line))
    demo = started
    expect(await browser.post('/login', { name: 'x'.repeat(5000) })).toBe(413)
    expect(browser.currentCookie).toBe('')
    expect(logged).toEqual([])
  })

  it('refuses a store URL it cannot use, listing the problems', async () => {
    await expect(
      createDemoServer({ store: 'memory://?ttl=never', secrets: ['s'.repeat(32)] }),
    ).rejects.toThrow(/ttl/)
  })
})

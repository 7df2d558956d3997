import { afterEach, describe, expect, it } from 'vitest'
import { startDemo, walkThrough } from '../test-support/walk-through.js'
import { createDemoServer, type Demo } from './app.js'

let demo: Demo | undefined

afterEach(async () => {
  await demo?.close()
  demo = undefined
})

describe('the demo app on the memory store', () => {
  it('walks through login, flash, counter, remember-me and logout', async () => {
    const started = await startDemo('memory://')
    demo = started.demo
    await walkThrough(started.browser, 'memory://')
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

  it('refuses a store URL it cannot use, listing the problems', async () => {
    await expect(
      createDemoServer({ store: 'memory://?ttl=never', secrets: ['s'] }),
    ).rejects.toThrow(/ttl/)
  })
})

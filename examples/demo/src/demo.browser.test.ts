import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCookie } from '@sessionkit/core'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, startDemo, TEST_SECRET } from '../test-support/walk-through.js'
import { COOKIE_NAME, type Demo } from './app.js'
import { REMEMBER_SECONDS } from './routes/constants.js'

// The demo in a real Chromium (Debian's, installed by scripts/provision-browser.sh; Playwright
// downloads none), on memory and on Redis, one screenshot per step under test-output/.
const CHROMIUM = process.env.SESSIONKIT_CHROMIUM || '/usr/bin/chromium'
// Flags that work headless as root on CI machines. Playwright adds a fresh --user-data-dir of
// its own for every launch (and refuses one in `args`).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const SCREENSHOTS = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url))
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
const DESKTOP = { viewport: { width: 1280, height: 800 } }
const CODE_SECONDS = 2

let browser: Promise<Browser> | undefined
let redis: TestServer | undefined
let demo: Demo | undefined
let context: BrowserContext | undefined

beforeAll(async () => {
  redis = await startRedisServer('redis8')
})

afterEach(async () => {
  await context?.close()
  context = undefined
  await demo?.close()
  demo = undefined
})

afterAll(async () => {
  await Promise.all([browser?.then((launched) => launched.close()).catch(() => {}), redis?.stop()])
})

describe('the demo in Chromium', () => {
  it('on memory, desktop-sized: log in, flash once, per-key TTL, regenerate, remember me, log out', async () => {
    await clickThrough('memory', 'memory://?ttl=3600', DESKTOP)
  }, 60_000)

  it('on Redis, phone-sized: the same steps, then the error page while Redis is down', async () => {
    await clickThrough('redis', `redis://127.0.0.1:${redis?.port}?ttl=3600&timeout=1000`, PHONE, {
      stop: async () => redis?.pause(),
      start: async () => redis?.resume(),
    })
  }, 60_000)
})

describe('the account page in Chromium, two devices', () => {
  it('on memory: each device lists both; one signs the other out, which is then logged out', async () => {
    await twoDevices('memory', 'memory://?ttl=3600')
  }, 60_000)

  it('on Redis: the same, then sign out all other sessions', async () => {
    await twoDevices('redis', `redis://127.0.0.1:${redis?.port}?ttl=3600`, { others: true })
  }, 60_000)
})

/**
 * The Chromium every test drives, launched by the first. A missing Chromium fails each test
 * (rather than a hook, which would report the tests as skipped).
 */
function theBrowser(): Promise<Browser> {
  browser ??= existsSync(CHROMIUM)
    ? chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    : Promise.reject(
        new Error(
          `No Chromium at ${CHROMIUM}: the browser test needs one. Run \`bash scripts/provision-browser.sh\` ` +
            '(as root it installs Debian’s chromium; npm test runs it), or set SESSIONKIT_CHROMIUM.',
        ),
      )
  return browser
}

/** Stops and restarts the store's server, to show the error page in between. */
interface StoreSwitch {
  stop(): Promise<void>
  start(): Promise<void>
}

async function clickThrough(
  name: string,
  store: string,
  device: typeof PHONE | typeof DESKTOP,
  storeSwitch?: StoreSwitch,
) {
  const chromiumBrowser = await theBrowser()
  const logged: string[] = []
  const started = (await startDemo(store, (line) => logged.push(line))).demo
  demo = started
  context = await chromiumBrowser.newContext({ ...device, baseURL: baseUrl(started) })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  const shoot = await screenshooter(page, name)

  await page.goto('/')
  await expect.poll(() => page.locator('#store').textContent()).toBe(started.storeLabel)
  expect(await page.locator('#field-ttl').textContent()).toBe('native')
  expect(await page.locator('#field-ttl-meaning').textContent()).toContain('native: the store')
  await shoot('login-form')

  // Log in, remembered: a flash, and 30 days in the cookie and in the store.
  await page.fill('input[name=name]', 'Ada')
  await page.check('input[name=remember]')
  await page.click('#login button[type=submit]')
  expect(await page.locator('#user').textContent()).toBe('Ada')
  expect(await page.locator('#flash').textContent()).toContain('Welcome, Ada! You are logged in.')
  expect(await page.locator('#flash').textContent()).toContain('This green box is a flash')
  await expectLifetime(REMEMBER_SECONDS)
  await shoot('logged-in-flash')

  await page.reload()
  expect(await page.locator('#flash').count()).toBe(0)
  expect(await page.locator('#user').textContent()).toBe('Ada')
  await shoot('flash-gone-after-reload')

  // A key with its own TTL expires while the session lives on.
  await page.fill('input[name=seconds]', String(CODE_SECONDS))
  await page.click('#key-ttl button[type=submit]')
  expect(await page.locator('#code').textContent()).toMatch(/^\d{6}$/)
  await shoot('code-issued')
  await expect
    .poll(
      async () => {
        await page.reload()
        return page.locator('#no-code').count()
      },
      { timeout: (CODE_SECONDS + 4) * 1000, interval: 500 },
    )
    .toBe(1)
  expect(await page.locator('#user').textContent()).toBe('Ada')
  await shoot('code-expired-session-lives')

  // Regenerate: a new cookie, and the handle before and after on the one page.
  const before = await page.locator('#handle').textContent()
  const cookieBefore = await sessionCookie()
  await page.click('#regenerate button[type=submit]')
  expect(await page.locator('#handle-before').textContent()).toBe(before)
  const after = await page.locator('#handle').textContent()
  expect(after).toMatch(/^[\w-]{8}$/)
  expect(after).not.toBe(before)
  expect((await sessionCookie())?.value).not.toBe(cookieBefore?.value)
  const content = await page.content()
  expect(content).not.toContain(idOf(cookieBefore?.value))
  expect(content).not.toContain(idOf((await sessionCookie())?.value))
  await shoot('regenerated')

  // Stop remembering: back to the store's TTL, in the cookie and in the store.
  await page.click('#remember button[type=submit]')
  expect(await page.locator('#remember').textContent()).toContain('Not remembered')
  await expectLifetime(3600)
  await shoot('not-remembered')

  await page.click('#user-card button[type=submit]')
  expect(await page.locator('input[name=name]').count()).toBe(1)
  expect(await sessionCookie()).toBeUndefined()
  await shoot('logged-out-cookie-gone')
  expect(logged).toEqual([])

  if (storeSwitch) {
    await page.fill('input[name=name]', 'Ada')
    await page.click('#login button[type=submit]')
    await storeSwitch.stop()
    try {
      const response = await page.reload()
      expect(response?.status()).toBe(503)
      expect(await page.locator('#error h2').textContent()).toBe('Session store unavailable')
      await shoot('store-down-error-page')
      expect(logged).toEqual([expect.stringMatching(/^\[demo\] GET \/: session store failure: /)])
    } finally {
      await storeSwitch.start()
    }
  }

  async function sessionCookie() {
    return (await context?.cookies())?.find((cookie) => cookie.name === COOKIE_NAME)
  }

  /** The cookie and the stored session both end `seconds` from now (within a few seconds). */
  async function expectLifetime(seconds: number) {
    const cookie = await sessionCookie()
    const now = Date.now() / 1000
    expect(cookie?.expires).toBeGreaterThan(now + seconds - 10)
    expect(cookie?.expires).toBeLessThanOrEqual(now + seconds + 1)
    const id = await createCookie(COOKIE_NAME, { secrets: [TEST_SECRET] }).parse(
      `${COOKIE_NAME}=${cookie?.value}`,
    )
    const stored = await started.storage.read(id)
    expect(stored.isNew).toBe(false)
    expect(((stored.expiresAt ?? 0) - Date.now()) / 1000).toBeGreaterThan(seconds - 10)
    expect(((stored.expiresAt ?? 0) - Date.now()) / 1000).toBeLessThanOrEqual(seconds + 1)
  }
}

/**
 * Ada logs in from two browser contexts (a laptop and a phone, different user agents); the
 * laptop's account page lists both and signs the phone out, whose next page is the login form.
 * With `others`, a third login is signed out by "Sign out all other sessions".
 */
async function twoDevices(name: string, store: string, { others = false } = {}) {
  const chromiumBrowser = await theBrowser()
  const logged: string[] = []
  const started = (await startDemo(store, (line) => logged.push(line))).demo
  demo = started
  const laptopUa = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
  const phoneUa =
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
  context = await chromiumBrowser.newContext({
    ...DESKTOP,
    userAgent: laptopUa,
    baseURL: baseUrl(started),
  })
  const phoneContext = await chromiumBrowser.newContext({
    ...PHONE,
    userAgent: phoneUa,
    baseURL: baseUrl(started),
  })
  try {
    const laptop = await context.newPage()
    const phone = await phoneContext.newPage()
    for (const page of [laptop, phone]) {
      page.setDefaultTimeout(10_000)
      await page.goto('/')
      await page.fill('input[name=name]', 'Ada')
      await page.click('#login button[type=submit]')
      expect(await page.locator('#user').textContent()).toBe('Ada')
    }
    const shoot = await screenshooter(laptop, `account-${name}`)
    const shootPhone = await screenshooter(phone, `account-${name}-phone`)

    await laptop.click('#account-link')
    expect(await laptop.locator('#account-user').textContent()).toBe('Ada')
    const devices = laptop.locator('#session-list .device')
    expect((await devices.allTextContents()).sort()).toEqual(['Firefox on Linux', 'Safari on iOS'])
    expect(await laptop.locator('.session.current .device').textContent()).toBe('Firefox on Linux')
    await shoot('both-devices-listed')
    await phone.click('#account-link')
    expect(await phone.locator('.session.current .device').textContent()).toBe('Safari on iOS')
    await shootPhone('phone-sees-both')

    // The laptop signs the phone out.
    await laptop.click('.session:not(.current) button[type=submit]')
    expect(await laptop.locator('#flash').textContent()).toContain('That session is signed out.')
    expect(await devices.allTextContents()).toEqual(['Firefox on Linux'])
    await shoot('phone-signed-out')
    await phone.goto('/')
    expect(await phone.locator('input[name=name]').count()).toBe(1)
    expect(await phone.locator('#user').count()).toBe(0)
    await shootPhone('phone-at-login-form')
    await laptop.goto('/')
    expect(await laptop.locator('#user').textContent()).toBe('Ada')

    if (others) {
      await phone.fill('input[name=name]', 'Ada')
      await phone.click('#login button[type=submit]')
      await laptop.goto('/account')
      expect(await devices.count()).toBe(2)
      await laptop.click('#everywhere form[action="/account/revoke-others"] button')
      expect(await laptop.locator('#flash').textContent()).toContain('Every other session')
      expect(await devices.allTextContents()).toEqual(['Firefox on Linux'])
      await phone.goto('/')
      expect(await phone.locator('input[name=name]').count()).toBe(1)
      await laptop.click('#everywhere form[action="/account/revoke-all"] button')
      expect(await laptop.locator('input[name=name]').count()).toBe(1)
      await shoot('signed-out-everywhere')
    }
    expect(logged).toEqual([])
  } finally {
    await phoneContext.close()
  }
}

/** The raw session id inside a signed cookie value (to check it is never shown). */
function idOf(cookieValue: string | undefined): string {
  const id = decodeURIComponent(cookieValue ?? '').split('.')[0] ?? ''
  expect(id).toMatch(/^[\w-]{32}$/)
  return id
}

/** A function that saves numbered full-page screenshots under test-output/screenshots/NAME/. */
async function screenshooter(page: Page, name: string) {
  const folder = join(SCREENSHOTS, name)
  await rm(folder, { recursive: true, force: true })
  await mkdir(folder, { recursive: true })
  let step = 0
  return async (label: string) => {
    step++
    await page.screenshot({
      path: join(folder, `${String(step).padStart(2, '0')}-${label}.png`),
      fullPage: true,
    })
  }
}

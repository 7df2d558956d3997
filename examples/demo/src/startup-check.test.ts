import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { SessionConfigError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { closedPort } from '../test-support/closed-port.js'
import { createDemoServer } from './app.js'
import { StoreUnreachableError } from './store-check.js'

const SERVER = fileURLToPath(new URL('../dist/server.js', import.meta.url))
const SECRET = 's'.repeat(32)

/** Run the built demo program with `env` until it exits (or `stopAfter` ms, then SIGTERM). */
async function runDemo(env: Record<string, string>, stopAfter = 15_000) {
  const child = spawn(process.execPath, [SERVER], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    if (stdout.includes('sessionkit demo on')) child.kill('SIGTERM')
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), stopAfter)
  const started = Date.now()
  const [code] = (await once(child, 'exit')) as [number | null]
  clearTimeout(timer)
  return { code, stdout, stderr, ms: Date.now() - started }
}

describe('the start-up check of the store', () => {
  it('rejects an unreachable Redis within the timeout, naming the store but no password', async () => {
    const port = await closedPort()
    const started = Date.now()
    const failure = await createDemoServer({
      store: `redis://demo:hunter2@127.0.0.1:${port}?timeout=1000`,
      secrets: [SECRET],
    }).catch((error: unknown) => error)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(failure).toBeInstanceOf(StoreUnreachableError)
    const message = (failure as Error).message
    expect(message).toContain(`Cannot reach the session store redis://127.0.0.1:${port}: `)
    expect(message).toContain('SESSION_STORAGE_UNAVAILABLE')
    expect(message).toContain('is SESSION_STORE right?')
    expect(message).not.toContain('hunter2')
  })

  it('rejects an unreachable memcached too (its backend connects lazily)', async () => {
    const port = await closedPort()
    const failure = await createDemoServer({
      store: `memcache://127.0.0.1:${port}?timeout=1000`,
      secrets: [SECRET],
    }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(StoreUnreachableError)
    expect((failure as Error).message).toContain(
      `Cannot reach the session store memcache://127.0.0.1:${port}: `,
    )
  })

  it('refuses an invalid store URL with the configuration error', async () => {
    await expect(
      createDemoServer({ store: 'redis://h?tmeout=5', secrets: [SECRET] }),
    ).rejects.toThrow(SessionConfigError)
  })
})

describe('the demo program', () => {
  it('exits with code 1 and a clear message when the store is unreachable', async () => {
    const port = await closedPort()
    const run = await runDemo({ SESSION_STORE: `redis://127.0.0.1:${port}?timeout=1000` })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('sessionkit demo could not start.')
    expect(run.stderr).toContain(`Cannot reach the session store redis://127.0.0.1:${port}`)
    expect(run.stdout).toBe('')
  })

  it('exits with code 1 listing every bad setting', async () => {
    const run = await runDemo({ SESSION_SECRET: SECRET, PORT: 'http' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('SESSION_SECRET is not read: set SESSION_SECRETS')
    expect(run.stderr).toContain('PORT must be a whole number from 0 to 65535, got "http"')
    expect(run.stderr).not.toContain(SECRET)
  })

  it('starts on a good store, says where, and stops cleanly on SIGTERM', async () => {
    const run = await runDemo({
      SESSION_STORE: 'memory://?ttl=60',
      SESSION_SECRETS: SECRET,
      PORT: '0',
    })
    expect(run.stdout).toMatch(
      /^sessionkit demo on http:\/\/127\.0\.0\.1:\d+ \(store: memory:\/\/, field TTL: native\)\n$/,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })
})

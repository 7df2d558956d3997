import {
  createSessionStorageFromConfig,
  type SessionStorage,
  SessionStorageUnavailableError,
} from '@sessionkit/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { saveNew, storageWithDriver, uniquePrefix } from '../test-support/fixtures.js'
import { SASL_CREDENTIALS, useSaslServer } from '../test-support/sasl.js'
import { createMemcacheSessionStorage } from './memcache-storage.js'
import type { MemcacheOptions } from './options.js'

// Core's config loader imports this package by name: give it these sources, not a built dist.
vi.mock('@sessionkit/memcache', () => import('./index.js'))

const server = useSaslServer()
const TIMEOUT = 2_000

const storages: SessionStorage[] = []
afterEach(async () => {
  await Promise.all(storages.splice(0).map((storage) => storage.close()))
})

function storage(options: Partial<MemcacheOptions>): SessionStorage {
  const created = createMemcacheSessionStorage({
    servers: [server.url],
    prefix: uniquePrefix(),
    timeout: TIMEOUT,
    ...options,
  })
  storages.push(created)
  return created
}

/** What saving a new session rejects with, and how long that took. */
async function saveFailure(target: SessionStorage) {
  const started = Date.now()
  const error = await saveNew(target, { a: 1 }).then(
    () => {
      throw new Error('the save succeeded')
    },
    (error: unknown) => error as Error,
  )
  return { error, elapsed: Date.now() - started }
}

describe('memcached requiring SASL PLAIN', () => {
  it('works with the credentials given as options', async () => {
    const sessions = storage(SASL_CREDENTIALS)
    const cookie = await saveNew(sessions, { user: 'ann' })
    expect((await sessions.read(cookie)).get('user')).toBe('ann')
  })

  it('works with the credentials in a memcache:// URL (core config loader)', async () => {
    const user = encodeURIComponent(SASL_CREDENTIALS.username)
    const password = encodeURIComponent(SASL_CREDENTIALS.password)
    const sessions = await createSessionStorageFromConfig(
      `memcache://${user}:${password}@${server.url}?prefix=${uniquePrefix()}&ttl=60`,
    )
    storages.push(sessions)
    const cookie = await saveNew(sessions, { user: 'bob' })
    expect((await sessions.read(cookie)).get('user')).toBe('bob')
  })

  it('reports a wrong password as unavailable, at once, without the password', async () => {
    const password = 'not-the-password'
    const { error, elapsed } = await saveFailure(
      storage({ username: SASL_CREDENTIALS.username, password }),
    )
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(error.message).toMatch(/SASL/)
    expect(error.message).toContain(`"${SASL_CREDENTIALS.username}"`)
    expect(error.message).not.toContain(password)
    expect(elapsed).toBeLessThan(TIMEOUT / 2)
  })

  it('reports missing credentials as unavailable, at once, saying they are needed', async () => {
    const { error, elapsed } = await saveFailure(storage({}))
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(error.message).toMatch(/requires SASL authentication.*username and password/)
    expect(elapsed).toBeLessThan(TIMEOUT / 2)
  })

  it('takes credentials only from its options, not from memjs environment variables', async () => {
    vi.stubEnv('MEMCACHE_USERNAME', SASL_CREDENTIALS.username)
    vi.stubEnv('MEMCACHE_PASSWORD', SASL_CREDENTIALS.password)
    try {
      const { error } = await saveFailure(storage({}))
      expect(error.message).toMatch(/requires SASL authentication/)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('does not fail over from a server that refuses the credentials', async () => {
    const { storage: sessions, driver } = storageWithDriver({
      servers: [server.url],
      username: SASL_CREDENTIALS.username,
      password: 'wrong',
      timeout: TIMEOUT,
      failover: true,
    })
    storages.push(sessions)
    const { error } = await saveFailure(sessions)
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(error.message).toMatch(/refused SASL authentication/)
    expect(driver.stats().serversMarkedDown).toBe(0)
  })
})

import { SessionStorageUnavailableError } from '@sessionkit/core'
import { startTlsRedisServer, type TlsTestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawTlsClient, uniqueTestPrefix } from '../test-support/redis-targets.js'
import type { RedisOptions } from './options.js'
import { createRedisSessionStorage } from './redis-storage.js'

const TIMEOUT = 1_000
/** Slack for timers and the event loop on a busy CI machine. */
const SLACK = 500

/**
 * Saves a session with a value and a field TTL, reads both back, then runs `whileOpen` (if
 * given) before the storage is closed.
 */
async function roundTrip(options: RedisOptions, whileOpen?: () => Promise<void>): Promise<void> {
  const storage = createRedisSessionStorage({ prefix: uniqueTestPrefix(), ...options })
  try {
    const session = await storage.read(null)
    session.set('user', { id: 7 })
    session.set('otp', '123456', { ttl: 60 })
    const cookie = (await storage.save(session)) as string
    const again = await storage.read(cookie)
    expect(again.isNew).toBe(false)
    expect(again.get('user')).toEqual({ id: 7 })
    expect(again.get('otp')).toBe('123456')
    expect(storage.capabilities.fieldTtl).toBe('native')
    await whileOpen?.()
  } finally {
    await storage.close()
  }
}

/** The rejection of a read with `options`, and how long it took; fails if the read resolves. */
async function failedRead(options: RedisOptions) {
  const storage = createRedisSessionStorage({ timeout: TIMEOUT, ...options })
  const started = Date.now()
  try {
    const error = await storage.read('a'.repeat(32)).then(
      () => {
        throw new Error('expected the read to fail')
      },
      (e: unknown) => e as Error,
    )
    return { error, elapsed: Date.now() - started }
  } finally {
    await storage.close()
  }
}

describe.each([
  ['redis8', 'rediss', 'redis'],
  ['redis8', 'rediss', 'ioredis'],
  ['valkey9', 'valkeys', 'iovalkey'],
] as const)('TLS-only %s with %s:// and %s', (flavor, scheme, library) => {
  let server: TlsTestServer
  let raw: Redis
  let address: string

  beforeAll(async () => {
    server = await startTlsRedisServer(flavor)
    address = `${server.host}:${server.port}`
    raw = rawTlsClient(server)
    await raw.call('ACL', 'SETUSER', 'app', 'on', '>s3cret-pass', '~*', '+@all')
  })

  afterAll(async () => {
    await raw?.quit()
    await server?.stop()
  })

  it('round-trips a session, the CA passed as a TLS option', async () => {
    await roundTrip({ library, url: `${scheme}://${address}`, tls: { ca: server.tls.ca } })
  })

  it('turns TLS on through the tls option with a plain scheme', async () => {
    await roundTrip({
      library,
      url: `${scheme.slice(0, -1)}://${address}`,
      tls: { ca: server.tls.ca },
    })
  })

  it('checks the certificate against the host name', async () => {
    await roundTrip({
      library,
      url: `${scheme}://localhost:${server.port}`,
      tls: { ca: server.tls.ca },
    })
  })

  it('fails fast and typed when the CA is not trusted', async () => {
    const { error, elapsed } = await failedRead({ library, url: `${scheme}://${address}` })
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    // The reason reaches the caller: ioredis as the last connection error, node-redis as the error.
    expect(error.message).toMatch(/certificate/)
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
  })

  it('fails fast and typed without TLS', async () => {
    const url = `${scheme.slice(0, -1)}://${address}`
    const { error, elapsed } = await failedRead({ library, url })
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
  })

  const connectedAsApp = async () => {
    expect((await raw.call('CLIENT', 'LIST')) as string).toMatch(/ user=app /)
  }

  it('connects as the ACL user and password from the url', async () => {
    const url = `${scheme}://app:s3cret-pass@${address}`
    await roundTrip({ library, url, tls: { ca: server.tls.ca } }, connectedAsApp)
  })

  it('connects as the ACL user and password from the options', async () => {
    const options = { username: 'app', password: 's3cret-pass', tls: { ca: server.tls.ca } }
    await roundTrip({ library, url: `${scheme}://${address}`, ...options }, connectedAsApp)
  })

  it('reports a wrong password over TLS as unavailable, without the password', async () => {
    const { error, elapsed } = await failedRead({
      library,
      url: `${scheme}://app:wrong-pass@${address}`,
      tls: { ca: server.tls.ca },
    })
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(error.message).toMatch(/WRONGPASS/)
    expect(error.message).not.toContain('wrong-pass')
    expect(elapsed).toBeLessThan(TIMEOUT + SLACK)
  })
})

import memjs from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisImage } from './config.js'
import { startMemcachedServer, type TestServer } from './index.js'
import { BinaryOpcode, BinaryStatus, binaryRequest } from './memcached-binary.js'

const credentials = { username: 'app', password: `s3cret 'quoted' "$(no shell)" ü:` }

/** set + get of one key through memjs with these credentials; the value read back. */
async function roundTrip(server: TestServer, login: Partial<typeof credentials>) {
  const client = memjs.Client.create(server.url, {
    ...login,
    retries: 0,
    timeout: 2,
    logger: { log: () => {} },
  })
  try {
    await client.set('k', 'v', { expires: 60 })
    return (await client.get('k')).value?.toString()
  } finally {
    client.close()
  }
}

describe('memcached with SASL', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startMemcachedServer({ sasl: credentials })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('serves clients that log in with the credentials', async () => {
    expect(server.url).toBe(`${server.host}:${server.port}`)
    expect(await roundTrip(server, credentials)).toBe('v')
  })

  it('offers only PLAIN and refuses a wrong password or no login', async () => {
    const mechanisms = await binaryRequest(
      server.host,
      server.port,
      BinaryOpcode.saslListMechanisms,
    )
    expect(mechanisms.value.toString()).toBe('PLAIN')
    await expect(roundTrip(server, { ...credentials, password: 'wrong' })).rejects.toThrow(
      /authentication failed/,
    )
    const anonymous = await binaryRequest(server.host, server.port, BinaryOpcode.get, 'k')
    expect(anonymous.status).toBe(BinaryStatus.authError)
  })

  it('speaks only the binary protocol, and answers VERSION before a login', async () => {
    const version = await binaryRequest(server.host, server.port, BinaryOpcode.version)
    expect(version.status).toBe(BinaryStatus.ok)
    expect(version.value.toString()).toMatch(/^1\.6\./)
  })

  it('resumes after a pause, still requiring the credentials', async () => {
    await server.pause()
    await server.resume()
    expect(await roundTrip(server, credentials)).toBe('v')
    await expect(roundTrip(server, { username: 'app', password: 'nope' })).rejects.toThrow()
  })
})

describe('memcached with SASL on an image that cannot do it', () => {
  const saved = process.env.SESSIONKIT_IMAGE_MEMCACHED
  beforeAll(() => {
    // Any image without the SASL PLAIN module, e.g. the Redis one.
    process.env.SESSIONKIT_IMAGE_MEMCACHED = redisImage('redis8')
  })
  afterAll(() => {
    if (saved === undefined) delete process.env.SESSIONKIT_IMAGE_MEMCACHED
    else process.env.SESSIONKIT_IMAGE_MEMCACHED = saved
  })

  it('throws at once, saying what the image lacks and what to set', async () => {
    const started = Date.now()
    const error = await startMemcachedServer({ sasl: credentials }).then(
      async (server) => {
        await server.stop()
        throw new Error('started memcached with SASL on an image without SASL')
      },
      (error: unknown) => error as Error,
    )
    expect(error.name).toBe('SaslImageError')
    expect(error.message).toContain(`image ${redisImage('redis8')}`)
    expect(error.message).toContain('no SASL PLAIN mechanism')
    expect(error.message).toMatch(/libsasl2-modules.*sasl2-bin.*SESSIONKIT_IMAGE_MEMCACHED/s)
    expect(error.message).not.toContain(credentials.password)
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})

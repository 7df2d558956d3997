import { X509Certificate } from 'node:crypto'
import type { ConnectionOptions } from 'node:tls'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisFlavor, startTlsRedisServer, type TlsTestServer } from './index.js'
import { serves } from './readiness.js'
import { respCommand } from './resp.js'
import { createTestCertificates } from './tls-certificates.js'

/** PINGs the server with ioredis (no retries): the reply, or the first error's message. */
async function ping(
  server: TlsTestServer,
  options: { host?: string; tls?: ConnectionOptions },
): Promise<string> {
  const client = new Redis({
    host: server.host,
    port: server.port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5_000,
    ...options,
  })
  let connectionError: Error | undefined
  client.on('error', (error: Error) => {
    connectionError ??= error
  })
  try {
    await client.connect()
    return await client.ping()
  } catch (error) {
    return `error: ${(connectionError ?? (error as Error)).message}`
  } finally {
    client.disconnect()
  }
}

describe('createTestCertificates', () => {
  it('signs a server certificate for the given IPs and names with a fresh CA', async () => {
    const { ca, cert, key } = await createTestCertificates(['127.0.0.1', 'localhost'])
    const caCert = new X509Certificate(ca)
    const serverCert = new X509Certificate(cert)
    expect(caCert.ca).toBe(true)
    expect(serverCert.ca).toBe(false)
    expect(serverCert.verify(caCert.publicKey)).toBe(true)
    expect(serverCert.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(serverCert.checkHost('localhost')).toBe('localhost')
    expect(serverCert.checkIP('10.0.0.1')).toBeUndefined()
    expect(key).toContain('PRIVATE KEY')
  })

  it('says what is missing when there is no openssl CLI', async () => {
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      await expect(createTestCertificates(['127.0.0.1'])).rejects.toThrow(/need the openssl/)
    } finally {
      process.env.PATH = path
    }
  })
})

const flavors: RedisFlavor[] = ['redis8', 'valkey9', 'valkey8']

describe.each(flavors)('TLS-only %s server', (flavor) => {
  let server: TlsTestServer
  beforeAll(async () => {
    server = await startTlsRedisServer(flavor)
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('answers PING over TLS to a client that trusts its CA', async () => {
    expect(server.url).toBe(`rediss://${server.host}:${server.port}`)
    expect(await ping(server, { tls: { ca: server.tls.ca } })).toBe('PONG')
  })

  it('serves its certificate for localhost too', async () => {
    expect(await ping(server, { host: 'localhost', tls: { ca: server.tls.ca } })).toBe('PONG')
  })

  it('refuses a plain-TCP client', async () => {
    expect(await serves('redis', server.host, server.port)).toBe(false)
    await expect(respCommand(server.host, server.port, ['PING'])).rejects.toThrow()
    expect(await ping(server, {})).toMatch(/^error: /)
  })

  it('is not trusted without its CA', async () => {
    expect(await ping(server, { tls: {} })).toMatch(/certificate/i)
  })
})

describe('pause and resume over TLS', () => {
  let server: TlsTestServer
  beforeAll(async () => {
    server = await startTlsRedisServer('redis8')
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('serves TLS again on the same port after resume', async () => {
    await server.pause()
    expect(await serves('rediss', server.host, server.port)).toBe(false)
    await server.resume()
    expect(await ping(server, { tls: { ca: server.tls.ca } })).toBe('PONG')
  })
})

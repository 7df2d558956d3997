import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Client, Header, type Response, Server, Utils } from 'memjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MEMJS_AUTH_FAILED } from './server-link.js'

// server-link, memjs-server and server-pool use memjs below its documented API: they write
// requests on a Server's own connection, register and clear its per-request callbacks, fail
// them through its error handler (which memjs-server patches) and read the client's sequence
// numbers; memjs-ops reads the responses memjs parses. memjs is therefore pinned to one
// version, and each internal relied on is checked here, so an upgrade that changes one fails
// this file instead of breaking sessions.

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
const installedVersion = createRequire(import.meta.url)('memjs/package.json').version

/** The parts of a memjs Server this package touches, as memjs 1.3.2 has them. */
interface ServerInternals {
  responseCallbacks: Record<number, unknown>
  errorCallbacks: Record<number, unknown>
  username: string | undefined
  password: string | undefined
  respond(response: Response): void
  responseHandler(data: Buffer): void
  error(error: unknown): void
}

const internals = (server: Server) => server as unknown as ServerInternals

/** A binary-protocol response as a server sends it. */
function responseBytes(opcode: number, status: number, opaque: number, value = ''): Buffer {
  const body = Buffer.from(value)
  const bytes = Buffer.alloc(24 + body.length)
  bytes.writeUInt8(0x81, 0)
  bytes.writeUInt8(opcode, 1)
  bytes.writeUInt16BE(status, 6)
  bytes.writeUInt32BE(body.length, 8)
  bytes.writeUInt32BE(opaque, 12)
  Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).copy(bytes, 16)
  body.copy(bytes, 24)
  return bytes
}

const newServer = () =>
  new Server('127.0.0.1', 1, 'user', 'secret', { timeout: 1, conntimeout: 1, keepAlive: true })

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('memjs internals this package relies on', () => {
  it('is the exact version package.json pins', () => {
    expect(manifest.dependencies.memjs).toMatch(/^\d+\.\d+\.\d+$/)
    expect(installedVersion).toBe(manifest.dependencies.memjs)
  })

  it('parses responses into header.status, header.cas (8 bytes) and val', () => {
    const bytes = responseBytes(0x01, 0x02, 9, 'stored?')
    expect(Header.fromBuffer(bytes)).toMatchObject({ status: 0x02, opaque: 9 })
    const response = Utils.parseMessage(bytes) as Response
    expect(response.header.status).toBe(0x02)
    expect([...response.header.cas]).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(response.val.toString()).toBe('stored?')
  })

  it('Server keeps per-request callbacks by opaque and drops both once answered', () => {
    const server = newServer()
    const onResponse = vi.fn()
    const onError = vi.fn()
    server.onResponse(7, onResponse)
    server.onError(7, onError)
    expect(internals(server).responseCallbacks[7]).toBe(onResponse)
    expect(internals(server).errorCallbacks[7]).toBe(onError)
    const response = Utils.parseMessage(responseBytes(0x00, 0x00, 7, 'v')) as Response
    internals(server).respond(response)
    expect(onResponse).toHaveBeenCalledWith(response)
    expect(internals(server).responseCallbacks).toEqual({})
    expect(internals(server).errorCallbacks).toEqual({})
    expect(typeof server.write).toBe('function')
    expect(server.write.length).toBe(1)
  })

  it('Server.error fails every pending request through its error callback', () => {
    const server = newServer()
    const onError = vi.fn()
    server.onError(3, onError)
    internals(server).error('boom')
    expect(onError).toHaveBeenCalledWith('boom')
    expect(internals(server).errorCallbacks).toEqual({})
  })

  it("reports a refused SASL login through error() with the message memjs-ops matches, and a granted one as 'authenticated'", () => {
    const server = newServer()
    expect(server).toBeInstanceOf(EventEmitter)
    const error = vi.spyOn(internals(server), 'error').mockImplementation(() => {})
    internals(server).responseHandler(responseBytes(0x21, 0x20, 0))
    expect(error).toHaveBeenCalledWith(MEMJS_AUTH_FAILED)
    const authenticated = vi.fn()
    server.on('authenticated', authenticated)
    internals(server).responseHandler(responseBytes(0x21, 0x00, 0))
    expect(authenticated).toHaveBeenCalledOnce()
    // A connection's first request waits for that event (memjs-server clears such listeners).
    expect(String(Object.getPrototypeOf(server).sock)).toContain("once('authenticated'")
  })

  it('Server reads SASL credentials from the environment when given none (memjs-server undoes it)', () => {
    vi.stubEnv('MEMCACHIER_USERNAME', 'env-user')
    vi.stubEnv('MEMCACHE_PASSWORD', 'env-password')
    const server = new Server('127.0.0.1', 1, undefined, undefined, {})
    expect([internals(server).username, internals(server).password]).toEqual([
      'env-user',
      'env-password',
    ])
  })

  it('Client exposes its servers and a 32-bit sequence that incrSeq advances', () => {
    const server = newServer()
    const client = new Client([server], { retries: 1, failover: false, logger: { log: () => {} } })
    expect(client.servers).toEqual([server])
    const start = client.seq
    client.incrSeq()
    expect(client.seq).toBe(start + 1)
    ;(client as unknown as { seq: number }).seq = 0xffffffff
    client.incrSeq()
    expect(client.seq).toBe(0)
    expect(typeof client.close).toBe('function')
  })
})

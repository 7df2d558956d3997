import { randomUUID } from 'node:crypto'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { Server } from 'memjs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type SilentServer, startSilentServer } from '../../test-support/silent-server.js'
import { Opcode, Status } from './memjs-ops.js'
import { encodeRequest } from './request.js'
import { parseServerAddress } from './server-address.js'
import { GATHER_REQUESTS_FROM, ServerLink, ServerUnreachableError } from './server-link.js'

let memcached: TestServer
let silent: SilentServer
const servers: Server[] = []

beforeAll(async () => {
  ;[memcached, silent] = await Promise.all([startMemcachedServer(), startSilentServer()])
})

afterAll(async () => {
  for (const server of servers) server.close()
  await silent?.close()
  await memcached?.stop()
})

function serverAt(url: string): Server {
  const address = parseServerAddress(url)
  if (!address) throw new Error(`not an address: ${url}`)
  const server = new Server(address.host, address.port, undefined, undefined, { timeout: 5 })
  servers.push(server)
  return server
}

describe('ServerLink', () => {
  it('writes requests at once while few wait, then those of one turn together, in order', async () => {
    const server = serverAt(memcached.url)
    const link = new ServerLink(server, 2_000)
    const key = `link:${randomUUID()}`
    const write = vi.spyOn(server, 'write')
    // 1 set, then 31 gets of the same key: each get must see the set before it.
    const requests = [encodeRequest(Opcode.set, key, [0, 60], 'hello', 1)]
    for (let opaque = 2; opaque <= 32; opaque++) {
      requests.push(encodeRequest(Opcode.get, key, [], '', opaque))
    }
    const responses = await Promise.all(requests.map((request, i) => link.send(request, i + 1)))
    // One write each for the first ones, then one for all the others.
    const single = GATHER_REQUESTS_FROM - 1
    expect(GATHER_REQUESTS_FROM).toBeGreaterThan(1)
    expect(write.mock.calls.map(([buffer]) => buffer.length)).toEqual([
      ...requests.slice(0, single).map((request) => request.length),
      Buffer.concat(requests.slice(single)).length,
    ])
    expect(responses.map((response) => response.header.opaque)).toEqual(
      requests.map((_, i) => i + 1),
    )
    expect(responses.every((response) => response.header.status === Status.ok)).toBe(true)
    expect(responses.slice(1).map((response) => response.val.toString())).toEqual(
      Array(31).fill('hello'),
    )
    // A request made after the first answers gets a write of its own.
    await link.send(encodeRequest(Opcode.get, key, [], '', 33), 33)
    expect(write).toHaveBeenCalledTimes(single + 2)
  })

  it('fails every request to a server that never answers within the timeout, forgetting them', async () => {
    const server = serverAt(silent.url)
    const link = new ServerLink(server, 300)
    const started = Date.now()
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const sent = Array.from({ length: 20 }, (_, i) =>
      link.send(encodeRequest(Opcode.get, `k${i}`, [], '', i + 1), i + 1),
    )
    // One timer bounds all of them (not one per request).
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    setTimeoutSpy.mockRestore()
    const results = await Promise.allSettled(sent)
    expect(Date.now() - started).toBeLessThan(300 + 200)
    for (const result of results) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ServerUnreachableError)
      expect((error as ServerUnreachableError).timedOut).toBe(true)
    }
    expect(server.responseCallbacks).toEqual({})
    expect(server.errorCallbacks).toEqual({})
  })

  it('fails the requests of a write that throws instead of crashing the process', async () => {
    // memjs opens its connection inside write(); an invalid port makes net.connect throw there.
    const server = new Server('127.0.0.1', 70_000, undefined, undefined, { timeout: 1 })
    const link = new ServerLink(server, 1_000)
    const results = await Promise.allSettled([
      link.send(encodeRequest(Opcode.get, 'a', [], '', 1), 1),
      link.send(encodeRequest(Opcode.get, 'b', [], '', 2), 2),
    ])
    for (const result of results) {
      expect(result.status).toBe('rejected')
      const error = (result as PromiseRejectedResult).reason
      expect(error).toBeInstanceOf(ServerUnreachableError)
      expect((error as ServerUnreachableError).timedOut).toBe(false)
    }
  })

  it('still fails a request waiting when the link closes, once its timeout passed', async () => {
    const link = new ServerLink(serverAt(silent.url), 200)
    const started = Date.now()
    const waiting = link.send(encodeRequest(Opcode.get, 'closing', [], '', 1), 1)
    link.close()
    const error = await waiting.catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ServerUnreachableError)
    expect((error as ServerUnreachableError).timedOut).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })
})

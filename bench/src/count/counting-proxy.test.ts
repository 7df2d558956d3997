import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServers, startServers } from '../servers/servers.js'
import { type CountingProxy, countsBetween, startCountingProxy } from './counting-proxy.js'

/** A RESP command as a client sends it. */
function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`
}

/** A raw client connection that can wait for a reply of a known length. */
async function rawClient(proxy: CountingProxy) {
  const socket: Socket = connect(proxy.endpoint.port, proxy.endpoint.host)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  let received = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
  })
  return {
    /** Write `payload`, then wait until `replyBytes` more bytes came back. */
    async send(payload: string, replyBytes: number): Promise<string> {
      const start = received.length
      socket.write(payload)
      while (received.length < start + replyBytes) await new Promise((r) => setTimeout(r, 1))
      return received.subarray(start).toString('latin1')
    },
    close: () => socket.destroy(),
  }
}

describe('counting proxy, against a real Redis', () => {
  let servers: RunningServers
  let proxy: CountingProxy

  beforeAll(async () => {
    servers = await startServers(['redis8'])
    proxy = await startCountingProxy(servers.endpoint('redis8'))
  })
  afterAll(async () => {
    await proxy?.close()
    await servers?.stop()
  })

  it('counts one round trip and the exact bytes each way for one command', async () => {
    const client = await rawClient(proxy)
    const before = proxy.counts()
    expect(await client.send(resp('PING'), 7)).toBe('+PONG\r\n')
    expect(countsBetween(before, proxy.counts())).toEqual({
      bytesToServer: resp('PING').length,
      bytesToClient: 7,
      turns: 1,
      connections: 0,
    })
    client.close()
  })

  it('counts pipelined commands answered together once, sequential ones each', async () => {
    const client = await rawClient(proxy)
    const before = proxy.counts()
    await client.send(resp('SET', 'proxy:a', '1') + resp('GET', 'proxy:a'), 5 + 7)
    const pipelined = countsBetween(before, proxy.counts())
    expect(pipelined.turns).toBe(1)
    await client.send(resp('GET', 'proxy:a'), 7)
    await client.send(resp('DEL', 'proxy:a'), 4)
    expect(countsBetween(before, proxy.counts()).turns).toBe(3)
    client.close()
  })

  it('counts a large reply that arrives in many chunks as one round trip', async () => {
    const client = await rawClient(proxy)
    const value = 'v'.repeat(2 * 1024 * 1024)
    await client.send(resp('SET', 'proxy:big', value), 5)
    const before = proxy.counts()
    const replyBytes = `$${value.length}\r\n`.length + value.length + 2
    await client.send(resp('GET', 'proxy:big'), replyBytes)
    const counted = countsBetween(before, proxy.counts())
    expect(counted.turns).toBe(1)
    expect(counted.bytesToClient).toBe(replyBytes)
    await client.send(resp('DEL', 'proxy:big'), 4)
    client.close()
  })

  it('adds up the round trips and counts the connections of several clients', async () => {
    const before = proxy.counts()
    const first = await rawClient(proxy)
    const second = await rawClient(proxy)
    await first.send(resp('PING'), 7)
    await second.send(resp('PING'), 7)
    await first.send(resp('PING'), 7)
    const counted = countsBetween(before, proxy.counts())
    expect(counted.turns).toBe(3)
    expect(counted.connections).toBe(2)
    first.close()
    second.close()
  })
})

import { randomUUID } from 'node:crypto'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { Client, Server } from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getAndTouch, getWithCas, remove, store, type Transport } from './memjs-ops.js'
import { ServerLink, ServerUnreachableError } from './server-link.js'

let server: TestServer
let client: Client
let send: Transport

beforeAll(async () => {
  server = await startMemcachedServer()
  client = Client.create(server.url, { logger: { log: () => {} } })
  const link = new ServerLink(client.servers[0] as Server, 2_000)
  send = async (_key, build) => {
    client.incrSeq()
    return { response: await link.send(build(client.seq), client.seq), server: 0 }
  }
})

afterAll(async () => {
  client?.close()
  await server?.stop()
})

const key = () => `ops:${randomUUID()}`

describe('memjs-ops on memcached', () => {
  it('get-and-touch returns the value and CAS, and null for a missing key', async () => {
    const k = key()
    expect(await getAndTouch(send, k, 60)).toBeNull()
    expect((await store(send, 'set', k, 'hello', 60)).status).toBe('stored')
    const item = await getAndTouch(send, k, 120)
    expect(item?.value.toString()).toBe('hello')
    expect(item?.version.cas.length).toBe(8)
    // Touching does not change the item's version.
    expect((await getWithCas(send, k))?.version).toEqual(item?.version)
  })

  it('get-and-touch restarts the expiry', async () => {
    const k = key()
    await store(send, 'set', k, 'v', 2)
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    expect(await getAndTouch(send, k, 4)).not.toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 1_800))
    // Past the original 2 s, alive thanks to the touch.
    expect((await memjsGet(k))?.toString()).toBe('v')
  })

  it('a CAS set succeeds once per version, returning the new one, and reports a vanished key', async () => {
    const k = key()
    await store(send, 'set', k, 'v1', 60)
    const read = await getWithCas(send, k)
    const written = await store(send, 'set', k, 'v2', 60, read?.version)
    expect(written.status).toBe('stored')
    expect(await store(send, 'set', k, 'v3', 60, read?.version)).toEqual({ status: 'exists' })
    expect((await memjsGet(k))?.toString()).toBe('v2')
    // The version a write returns is the one the server now holds.
    expect(written.status === 'stored' && written.version).toEqual(
      (await getWithCas(send, k))?.version,
    )
    await remove(send, k)
    expect(await store(send, 'set', k, 'v4', 60, read?.version)).toEqual({ status: 'not-found' })
    expect(await memjsGet(k)).toBeNull()
  })

  it('add stores only when absent', async () => {
    const k = key()
    expect((await store(send, 'add', k, 'first', 60)).status).toBe('stored')
    expect((await store(send, 'add', k, 'second', 60)).status).toBe('exists')
    expect((await memjsGet(k))?.toString()).toBe('first')
  })

  it('delete with a CAS removes only that version', async () => {
    const k = key()
    await store(send, 'set', k, 'v1', 60)
    const old = await getWithCas(send, k)
    await store(send, 'set', k, 'v2', 60)
    expect(await remove(send, k, old?.version)).toBe('exists')
    const current = await getWithCas(send, k)
    expect(await remove(send, k, current?.version)).toBe('deleted')
    expect(await remove(send, k)).toBe('not-found')
  })

  it('reports an item over the server limit as too-large; memcached then drops the old item', async () => {
    const k = key()
    expect((await store(send, 'add', k, 'x'.repeat(1_100_000), 60)).status).toBe('too-large')
    expect(await memjsGet(k)).toBeNull()
    await store(send, 'set', k, 'small', 60)
    expect((await store(send, 'set', k, 'x'.repeat(1_100_000), 60)).status).toBe('too-large')
    // Why the driver checks sizes before writing: a refused SET deletes what was there.
    expect(await memjsGet(k)).toBeNull()
  })

  it('a refused connection is a ServerUnreachableError, not a hang', async () => {
    const closed = new Server('127.0.0.1', 1, undefined, undefined, { timeout: 1 })
    const started = Date.now()
    const link = new ServerLink(closed, 2_000)
    const error = await link.send(Buffer.alloc(24), 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServerUnreachableError)
    expect((error as ServerUnreachableError).timedOut).toBe(false)
    expect(Date.now() - started).toBeLessThan(1_000)
    closed.close()
  })
})

async function memjsGet(k: string): Promise<Buffer | null> {
  return (await client.get(k)).value
}

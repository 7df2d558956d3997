import { randomUUID } from 'node:crypto'
import { SessionStorageUnavailableError } from '@sessionkit/core'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { Client, Server } from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawClient } from '../../test-support/fixtures.js'
import { type SilentServer, startSilentServer } from '../../test-support/silent-server.js'
import { getWithCas, store } from './memjs-ops.js'
import { parseServerAddress } from './server-address.js'
import { ServerChangedError, ServerPool } from './server-pool.js'

const TIMEOUT = 300

let memcached: TestServer
let silent: SilentServer
let raw: Client
const clients: Client[] = []

beforeAll(async () => {
  ;[memcached, silent] = await Promise.all([startMemcachedServer(), startSilentServer()])
  raw = rawClient(memcached.url)
})

afterAll(async () => {
  for (const client of clients) client.close()
  raw?.close()
  await silent?.close()
  await memcached?.stop()
})

/** A pool over the silent server (index 0) and memcached (index 1). */
function silentAndMemcached(failover: boolean): ServerPool {
  const servers = [silent.url, memcached.url].map((url) => {
    const address = parseServerAddress(url)
    if (!address) throw new Error(`not an address: ${url}`)
    return new Server(address.host, address.port, undefined, undefined, { timeout: 5 })
  })
  const client = new Client(servers, { retries: 1, failover: false, logger: { log: () => {} } })
  clients.push(client)
  return new ServerPool(client, {
    timeout: TIMEOUT,
    retries: 0,
    failover,
    failoverRetryDelay: 60_000,
  })
}

/** A new key the ring gives to the server at `index` (all servers up). */
function keyOn(pool: ServerPool, index: number): string {
  for (;;) {
    const key = `pool:${randomUUID()}`
    if (pool.serverFor(key) === pool.names[index]) return key
  }
}

describe('ServerPool with failover', () => {
  it('fails a request over to the next server, but never one carrying a CAS', async () => {
    const pool = silentAndMemcached(true)
    const plain = keyOn(pool, 0)
    const withCas = keyOn(pool, 0)
    // A CAS the silent server "issued": the write must not land anywhere else.
    const version = { cas: Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), server: 0 }
    const started = Date.now()
    const error = await store(pool.send, 'set', withCas, 'v', 60, version).catch((e) => e)
    expect(error).toBeInstanceOf(ServerChangedError)
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 200)
    expect(pool.serversMarkedDown).toBe(1)
    // The silent server is skipped now: a CAS from it is refused at once, not sent.
    const again = Date.now()
    await expect(store(pool.send, 'set', withCas, 'v', 60, version)).rejects.toBeInstanceOf(
      ServerChangedError,
    )
    expect(Date.now() - again).toBeLessThan(50)
    expect((await raw.get(withCas)).value).toBeNull()
    // A request without a CAS goes to the next server on the ring.
    expect((await store(pool.send, 'set', plain, 'v', 60)).status).toBe('stored')
    expect((await raw.get(plain)).value?.toString()).toBe('v')
    expect(pool.serverFor(plain)).toBe(memcached.url)
  })

  it('sends a CAS to the server that issued it while that server serves the key', async () => {
    const pool = silentAndMemcached(true)
    const key = keyOn(pool, 1)
    await store(pool.send, 'set', key, 'v1', 60)
    const read = await getWithCas(pool.send, key)
    expect(read?.version.server).toBe(1)
    expect((await store(pool.send, 'set', key, 'v2', 60, read?.version)).status).toBe('stored')
    expect((await store(pool.send, 'set', key, 'v3', 60, read?.version)).status).toBe('exists')
  })
})

describe('ServerPool without failover', () => {
  it('reports an unreachable server as unavailable, CAS or not', async () => {
    const pool = silentAndMemcached(false)
    const key = keyOn(pool, 0)
    const version = { cas: Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), server: 0 }
    await expect(store(pool.send, 'set', key, 'v', 60, version)).rejects.toBeInstanceOf(
      SessionStorageUnavailableError,
    )
    await expect(store(pool.send, 'set', key, 'v', 60)).rejects.toBeInstanceOf(
      SessionStorageUnavailableError,
    )
    expect(pool.serversMarkedDown).toBe(0)
  })
})

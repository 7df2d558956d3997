import { randomUUID } from 'node:crypto'
import { SessionStorageUnavailableError } from '@sessionkit/core'
import type { Server } from 'memjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SASL_CREDENTIALS, useSaslServer } from '../../test-support/sasl.js'
import { getWithCas, store, type Transport } from './memjs-ops.js'
import { createMemjsServer, type SaslCredentials } from './memjs-server.js'
import { parseServerAddress } from './server-address.js'
import { ServerLink } from './server-link.js'

const sasl = useSaslServer()
const servers: Server[] = []

afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

function serverWith(credentials: SaslCredentials | undefined): { server: Server; send: Transport } {
  const address = parseServerAddress(sasl.url)
  if (!address) throw new Error('no address')
  const server = createMemjsServer(address, credentials, { timeout: 2, conntimeout: 2 })
  servers.push(server)
  const link = new ServerLink(server, 2_000)
  let opaque = 0
  const send: Transport = async (_key, build) => {
    opaque++
    return { response: await link.send(build(opaque), opaque), server: 0 }
  }
  return { server, send }
}

describe('createMemjsServer', () => {
  it('logs in with the credentials', async () => {
    const { send } = serverWith(SASL_CREDENTIALS)
    const key = `ok:${randomUUID()}`
    expect((await store(send, 'set', key, 'v', 60)).status).toBe('stored')
    expect((await getWithCas(send, key))?.value.toString()).toBe('v')
  })

  it('ignores the MEMCACHE_* / MEMCACHIER_* credentials memjs would read from the environment', () => {
    vi.stubEnv('MEMCACHIER_USERNAME', 'env-user')
    vi.stubEnv('MEMCACHE_PASSWORD', 'env-password')
    try {
      const { server } = serverWith(undefined)
      expect([server.username, server.password]).toEqual([undefined, undefined])
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('leaves nothing behind from failed logins: no listeners, no stale writes later', async () => {
    const { server, send } = serverWith({ ...SASL_CREDENTIALS, password: 'wrong' })
    const keys = Array.from({ length: 12 }, () => `stale:${randomUUID()}`)
    for (const key of keys) {
      await expect(store(send, 'set', key, 'stale', 60)).rejects.toBeInstanceOf(
        SessionStorageUnavailableError,
      )
    }
    expect(server.listenerCount('authenticated')).toBe(0)

    // Once a login succeeds (as after the server's users change), nothing of the failed
    // connections runs again: none of their sets is written. (The pause lets the failed
    // connections close first: memjs loses track of a socket opened before the last one closed.)
    await new Promise((resolve) => setTimeout(resolve, 200))
    Object.assign(server, { password: SASL_CREDENTIALS.password })
    for (const key of keys) expect(await getWithCas(send, key)).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (const key of keys) expect(await getWithCas(send, key)).toBeNull()
  })
})

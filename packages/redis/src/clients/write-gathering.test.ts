import type { Socket } from 'node:net'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis as IoredisClient } from 'ioredis'
import { Redis as IovalkeyClient } from 'iovalkey'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IoredisLikeClient } from './client-types.js'
import { ioredisConnection } from './ioredis-connection.js'
import { GATHER_WRITES_FROM } from './write-gathering.js'

const CLIENTS = [
  { name: 'ioredis', open: (port: number) => new IoredisClient({ port, lazyConnect: true }) },
  { name: 'iovalkey', open: (port: number) => new IovalkeyClient({ port, lazyConnect: true }) },
] as const

/** Counts the write operations the socket hands to the system (one `write` or `writev` each). */
function countWrites(socket: Socket) {
  const counts = { single: 0, gathered: 0 }
  const stream = socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>
  const write = stream._write.bind(socket)
  const writev = stream._writev.bind(socket)
  stream._write = (...args) => {
    counts.single++
    write(...args)
  }
  stream._writev = (...args) => {
    counts.gathered++
    writev(...args)
  }
  return counts
}

describe.each(CLIENTS)('write gathering on $name', ({ name, open }) => {
  let server: TestServer
  let client: IoredisClient | IovalkeyClient

  beforeAll(async () => {
    server = await startRedisServer('redis8')
    client = open(server.port)
    await client.connect()
  })

  afterAll(async () => {
    client?.disconnect()
    await server?.stop()
  })

  const sendInOneTurn = (count: number) => {
    const connection = ioredisConnection(client as unknown as IoredisLikeClient, 'ioredis')
    const writes = countWrites(client.stream as Socket)
    const replies = Promise.all(
      Array.from({ length: count }, (_, i) => connection.send(['echo', `${name}-${i}`], undefined)),
    )
    return { writes, replies }
  }

  it('writes each command at once while few wait for replies', async () => {
    // Gathering with next to nothing in flight makes client and server take turns.
    expect(GATHER_WRITES_FROM).toBeGreaterThanOrEqual(8)
    const count = GATHER_WRITES_FROM
    const { writes, replies } = sendInOneTurn(count)
    expect(await replies).toEqual(Array.from({ length: count }, (_, i) => `${name}-${i}`))
    expect(writes).toEqual({ single: count, gathered: 0 })
  })

  it('writes the commands of one turn together once many wait, every reply in its place', async () => {
    const count = 200
    const { writes, replies } = sendInOneTurn(count)
    expect(await replies).toEqual(Array.from({ length: count }, (_, i) => `${name}-${i}`))
    expect(writes).toEqual({ single: GATHER_WRITES_FROM, gathered: 1 })
  })

  it('leaves the socket uncorked after the turn, for the next command', async () => {
    await sendInOneTurn(100).replies
    expect((client.stream as Socket).writableCorked).toBe(0)
    expect(await client.call('echo', 'after')).toBe('after')
  })
})

import { connect, createServer, type Server, type Socket } from 'node:net'
import * as tls from 'node:tls'
import { createTestCertificates } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ResourceTracker } from './resource-tracker.js'

let server: Server
let port = 0
const sockets: Socket[] = []

beforeAll(async () => {
  server = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => server.close(resolve))
})

async function watch(action: () => Promise<void>): Promise<string[]> {
  const tracker = new ResourceTracker()
  try {
    await tracker.run(action)
    return await tracker.settle(200)
  } finally {
    tracker.stop()
  }
}

const openSocket = async () => {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  return socket
}

describe('ResourceTracker', () => {
  it('reports a timer left running, and only that', async () => {
    let timer: NodeJS.Timeout | undefined
    const holding = await watch(async () => {
      timer = setInterval(() => {}, 60_000)
      clearTimeout(setTimeout(() => {}, 60_000))
      setTimeout(() => {}, 60_000).unref()
    })
    clearInterval(timer)
    expect(holding).toEqual(['Timeout x1'])
  })

  it('reports a socket left open, also when opened after an await', async () => {
    let socket: Socket | undefined
    const holding = await watch(async () => {
      await Promise.resolve()
      socket = await openSocket()
    })
    socket?.destroy()
    expect(holding).toContain('TCPWRAP x1')
  })

  it('reports nothing once sockets are closed and timers cleared', async () => {
    const holding = await watch(async () => {
      const socket = await openSocket()
      const timer = setInterval(() => {}, 60_000)
      socket.destroy()
      clearInterval(timer)
    })
    expect(holding).toEqual([])
  })

  it('ignores resources created outside run()', async () => {
    const timer = setInterval(() => {}, 60_000)
    const holding = await watch(async () => {})
    clearInterval(timer)
    expect(holding).toEqual([])
  })
})

describe('ResourceTracker with TLS sockets', () => {
  let tlsServer: tls.Server
  let ca = ''
  const accepted: tls.TLSSocket[] = []

  beforeAll(async () => {
    const certificates = await createTestCertificates(['127.0.0.1'])
    ca = certificates.ca
    tlsServer = tls.createServer(certificates, (socket) => accepted.push(socket))
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
  })

  afterAll(async () => {
    for (const socket of accepted) socket.destroy()
    await new Promise((resolve) => tlsServer?.close(resolve))
  })

  const openTlsSocket = async () => {
    const address = tlsServer.address()
    const tlsPort = typeof address === 'object' && address ? address.port : 0
    const socket = tls.connect({ host: '127.0.0.1', port: tlsPort, ca })
    await new Promise((resolve) => socket.once('secureConnect', resolve))
    return socket
  }

  it('reports a TLS socket left open by its TCP handle', async () => {
    let socket: tls.TLSSocket | undefined
    const holding = await watch(async () => {
      socket = await openTlsSocket()
    })
    socket?.destroy()
    expect(holding).toEqual(['TCPWRAP x1'])
  })

  it('reports nothing once a TLS socket is closed (its TLS wrapper lives on until GC)', async () => {
    let socket: tls.TLSSocket | undefined
    const holding = await watch(async () => {
      socket = await openTlsSocket()
      socket.destroy()
    })
    expect(socket?.destroyed).toBe(true)
    expect(holding).toEqual([])
  })
})

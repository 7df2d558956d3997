import { connect } from 'node:net'
import { Redis } from 'ioredis'
import type { Endpoint, ServerName } from '../targets/target.js'

/**
 * Reads a server's own CPU time (user + system, every thread of its process, as `getrusage`
 * gives it: `INFO cpu` on Redis and Valkey, `stats` on memcached) over one admin connection
 * kept open, so that reading it adds no connection work to what is measured.
 */
export interface ServerCpuMeter {
  /** The server process's CPU time so far, in seconds. */
  read(): Promise<number>
  close(): Promise<void>
}

/** Open a `ServerCpuMeter` on the server `name` listening at `endpoint`. */
export async function openServerCpuMeter(
  name: ServerName,
  endpoint: Endpoint,
): Promise<ServerCpuMeter> {
  return name === 'memcached' ? memcachedMeter(endpoint) : redisMeter(endpoint)
}

async function redisMeter(endpoint: Endpoint): Promise<ServerCpuMeter> {
  const redis = new Redis({ ...endpoint, lazyConnect: true, maxRetriesPerRequest: 0 })
  await redis.connect()
  return {
    read: async () => {
      const info = await redis.info('cpu')
      return statOf(info, /used_cpu_user:(\S+)/) + statOf(info, /used_cpu_sys:(\S+)/)
    },
    close: async () => {
      redis.disconnect()
    },
  }
}

async function memcachedMeter(endpoint: Endpoint): Promise<ServerCpuMeter> {
  const socket = connect(endpoint.port, endpoint.host)
  socket.setNoDelay(true)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return {
    read: () =>
      new Promise((resolve, reject) => {
        let answer = ''
        const onData = (chunk: Buffer) => {
          answer += chunk.toString('latin1')
          if (!answer.endsWith('END\r\n')) return
          socket.off('data', onData)
          socket.off('error', reject)
          resolve(statOf(answer, /rusage_user (\S+)/) + statOf(answer, /rusage_system (\S+)/))
        }
        socket.on('data', onData)
        socket.once('error', reject)
        socket.write('stats\r\n')
      }),
    close: async () => {
      socket.destroy()
    },
  }
}

function statOf(text: string, pattern: RegExp): number {
  const value = Number(pattern.exec(text)?.[1])
  if (!Number.isFinite(value)) throw new Error(`server stats without ${pattern.source}`)
  return value
}

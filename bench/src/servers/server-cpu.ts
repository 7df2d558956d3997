import { connect } from 'node:net'
import { Redis } from 'ioredis'
import type { Endpoint, ServerName } from '../targets/target.js'

/** A server's own time so far, as its stats give it. */
export interface ServerTime {
  /** CPU time of the server process (user + system, every thread), in seconds. */
  readonly cpuSeconds: number
  /**
   * Redis and Valkey: time spent running commands (`INFO commandstats`, the `INFO` queries left
   * out), in µs. Elapsed time as the server measures it: on a busy machine it can exceed the
   * CPU time. Undefined for memcached, which does not count it.
   */
  readonly commandMicros?: number | undefined
}

/**
 * Reads a server's own time (`INFO cpu` and `INFO commandstats` on Redis and Valkey, `stats` on
 * memcached; CPU as `getrusage` gives it) over one admin connection kept open, so that reading
 * it adds no connection work to what is measured.
 */
export interface ServerCpuMeter {
  read(): Promise<ServerTime>
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
      const info = (await redis.call('info', 'cpu', 'commandstats')) as string
      let commandMicros = 0
      for (const [, command, usec] of info.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)) {
        if (command !== 'info') commandMicros += Number(usec)
      }
      return {
        cpuSeconds: statOf(info, /used_cpu_user:(\S+)/) + statOf(info, /used_cpu_sys:(\S+)/),
        commandMicros,
      }
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
          const cpuSeconds =
            statOf(answer, /rusage_user (\S+)/) + statOf(answer, /rusage_system (\S+)/)
          resolve({ cpuSeconds })
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

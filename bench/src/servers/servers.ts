/**
 * The servers every target of a family shares: the only module of the bench that uses the
 * test-server harness. Same servers, same settings as the test suites.
 */
import { startMemcachedServer, startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import type { Endpoint, ServerName } from '../targets/target.js'
import { memcachedTextCommand } from './memcached-text.js'

/**
 * Memory memcached may use, in MB: the harness starts it with 64 MB, less than 1000 sessions of
 * 64 KiB per target; evicted sessions would make reads miss. Raised at run time.
 */
const MEMCACHED_MEMORY_MB = 8_192

/** Started servers, by name. */
export interface RunningServers {
  /** Where `name` listens. */
  endpoint(name: ServerName): Endpoint
  /** Server software and version, e.g. `redis 8.0.2`, by name. */
  readonly versions: Partial<Record<ServerName, string>>
  /** Stop them all. */
  stop(): Promise<void>
}

/** Start `names` in parallel with the harness (or use the external servers it is pointed at). */
export async function startServers(names: readonly ServerName[]): Promise<RunningServers> {
  const started = await Promise.allSettled(names.map((name) => startOne(name)))
  const servers = new Map<ServerName, TestServer>()
  for (const [i, result] of started.entries()) {
    if (result.status === 'fulfilled') servers.set(names[i] as ServerName, result.value)
  }
  const stop = async () => {
    await Promise.allSettled([...servers.values()].map((server) => server.stop()))
  }
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) {
    await stop()
    throw failed.reason
  }
  const versions: Partial<Record<ServerName, string>> = {}
  for (const [name, server] of servers) {
    const endpoint = { host: server.host, port: server.port }
    if (name === 'memcached') {
      const answer = await memcachedTextCommand(endpoint, `cache_memlimit ${MEMCACHED_MEMORY_MB}`)
      if (answer !== 'OK') throw new Error(`memcached refused cache_memlimit: ${answer}`)
      versions[name] = (await memcachedTextCommand(endpoint, 'version')).replace(
        /^VERSION /,
        'memcached ',
      )
    } else {
      versions[name] = await redisVersion(endpoint)
    }
  }
  return {
    endpoint(name) {
      const server = servers.get(name)
      if (!server) throw new Error(`server ${name} was not started`)
      return { host: server.host, port: server.port }
    },
    versions,
    stop,
  }
}

function startOne(name: ServerName): Promise<TestServer> {
  return name === 'memcached' ? startMemcachedServer() : startRedisServer(name)
}

async function redisVersion(endpoint: Endpoint): Promise<string> {
  const redis = new Redis({ ...endpoint, lazyConnect: true })
  try {
    await redis.connect()
    const info = await redis.info('server')
    const valkey = /valkey_version:(\S+)/.exec(info)?.[1]
    return valkey ? `valkey ${valkey}` : `redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'}`
  } finally {
    redis.disconnect()
  }
}

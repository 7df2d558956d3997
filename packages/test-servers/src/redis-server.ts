import { Wait } from 'testcontainers'
import { externalRedisVariable, networkMode, redisBinaries, redisImage } from './config.js'
import { containerServer } from './container-server.js'
import { bindAddress, startSpec, withPortRetries } from './container-spec.js'
import { externalRedisServer } from './external-server.js'
import { pickFreePort } from './free-port.js'
import { waitUntilServing } from './readiness.js'
import type { RedisFlavor, TestServer } from './types.js'

/** Command-line options every test Redis/Valkey gets: loopback or all interfaces, no persistence. */
export function redisServerOptions(port: number): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    bindAddress(),
    '--protected-mode',
    'no',
    '--save',
    '',
    '--appendonly',
    'no',
  ]
}

/** How a test Redis is configured beyond the defaults (no persistence, no memory limit). */
export interface RedisServerOptions {
  /** Turn the append-only file on with this fsync policy ('always': before each reply). */
  readonly appendfsync?: 'always' | 'everysec'
  /** `maxmemory` in bytes, with `maxmemoryPolicy` (default 'noeviction'). */
  readonly maxmemory?: number
  /** What the server does at `maxmemory`: 'volatile-lru', 'allkeys-lru', 'noeviction', ... */
  readonly maxmemoryPolicy?: string
}

/** Server arguments for `options` (later arguments override the defaults before them). */
function optionArguments(options: RedisServerOptions): string[] {
  const args: string[] = []
  if (options.appendfsync) {
    args.push('--appendonly', 'yes', '--appendfsync', options.appendfsync, '--dir', '/tmp')
  }
  if (options.maxmemory !== undefined) {
    args.push('--maxmemory', String(options.maxmemory))
    args.push('--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction')
  }
  return args
}

/**
 * Starts a throwaway Redis 8 / Valkey 9 / Valkey 8.1 server, or returns the external one set by
 * `SESSIONKIT_REDIS8_URL` / `SESSIONKIT_VALKEY9_URL` / `SESSIONKIT_VALKEY8_URL` (not with
 * `options`: an external server's configuration is not the harness's to choose).
 * Stop it in `afterAll`.
 */
export async function startRedisServer(
  flavor: RedisFlavor,
  options: RedisServerOptions = {},
): Promise<TestServer> {
  const variable = externalRedisVariable(flavor)
  const external = process.env[variable]?.trim()
  const extra = optionArguments(options)
  if (external && extra.length > 0) {
    throw new Error(
      `${variable} is set, but this test needs a server started with ${extra.join(' ')}`,
    )
  }
  if (external) return externalRedisServer(external, variable)
  return withPortRetries(async () => {
    const port = await pickFreePort()
    const { container, host } = await startSpec({
      image: redisImage(flavor),
      command: [redisBinaries(flavor).server, ...redisServerOptions(port), ...extra],
      ports: [port],
      waitStrategy: () => Wait.forLogMessage('Ready to accept connections'),
    })
    const server = containerServer('redis', container, host, port)
    if (networkMode() === 'bridge') {
      // The published port may lag behind the server's log line.
      await waitUntilServing('redis', host, port).catch(async (error: unknown) => {
        await server.stop()
        throw error
      })
    }
    return server
  })
}

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

/**
 * Starts a throwaway Redis 8 / Valkey 9 / Valkey 8.1 server, or returns the external one set by
 * `SESSIONKIT_REDIS8_URL` / `SESSIONKIT_VALKEY9_URL` / `SESSIONKIT_VALKEY8_URL`.
 * Stop it in `afterAll`.
 */
export async function startRedisServer(flavor: RedisFlavor): Promise<TestServer> {
  const variable = externalRedisVariable(flavor)
  const external = process.env[variable]?.trim()
  if (external) return externalRedisServer(external, variable)
  return withPortRetries(async () => {
    const port = await pickFreePort()
    const { container, host } = await startSpec({
      image: redisImage(flavor),
      command: [redisBinaries(flavor).server, ...redisServerOptions(port)],
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

import { createClient } from 'redis'
import type { Endpoint } from './target.js'

/** A connected node-redis client (RESP2, defaults otherwise), as the peers' READMEs make one. */
export async function connectNodeRedis(endpoint: Endpoint) {
  const client = createClient({ socket: { host: endpoint.host, port: endpoint.port } })
  client.on('error', () => {})
  await client.connect()
  return client
}

/** A node-redis client. */
export type NodeRedisClient = Awaited<ReturnType<typeof connectNodeRedis>>

import type { ClientLibrary, IoredisLikeClient, RedisConnection } from './client-types.js'
import { writeGatherer } from './write-gathering.js'

/** What `ioredisConnection` needs to know of a client this package opened. */
export interface OwnedClientControl {
  /** The last connection error, until the client is ready again. */
  lastError(): string | undefined
  /** Close the client, bounded in time. */
  close(): Promise<void>
}

/**
 * A `RedisConnection` over an ioredis or iovalkey `Redis` or `Cluster`. Commands go through
 * `call` with lower-case names, so both packages apply the client's `keyPrefix` to the keys
 * (iovalkey only recognises lower-case names). HGETALL replies come back as objects (the
 * clients' own reply transform, which keeps names like `__proto__` as plain properties).
 * On a `Redis` client, commands sent while many wait for replies are written together
 * (`writeGatherer`).
 */
export function ioredisConnection(
  client: IoredisLikeClient,
  library: ClientLibrary,
  owned?: OwnedClientControl,
): RedisConnection {
  const call = client.call
  const gather = client.isCluster ? undefined : writeGatherer(client)
  return {
    library,
    isCluster: client.isCluster === true,
    send: (args) => {
      gather?.()
      return Reflect.apply(call, client, args) as Promise<unknown>
    },
    eachServer: async () =>
      (client.isCluster && client.nodes ? client.nodes('master') : [client]).map(
        (node) => (args: readonly string[]) =>
          Reflect.apply(node.call, node, args) as Promise<unknown>,
      ),
    // Commands wait in the client's offline queue while it connects.
    ready: () => Promise.resolve(),
    onReconnect(listener) {
      client.on('ready', listener)
      return () => client.off('ready', listener)
    },
    lastError: () => owned?.lastError(),
    close: () => owned?.close() ?? Promise.resolve(),
  }
}

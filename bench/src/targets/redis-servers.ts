import type { Family, TargetDefinition } from './target.js'

/** The Redis-protocol servers: Redis 8 for the redis family, Valkey 9 for the valkey family. */
export type RedisServer = 'redis8' | 'valkey9'

/**
 * Name, family and server of a Redis-protocol target on `server`: the redis family keeps the
 * base name, the valkey family appends `@valkey9`.
 */
export function onRedisServer(
  base: string,
  server: RedisServer,
): Pick<TargetDefinition, 'name' | 'family'> & { server: RedisServer } {
  const family: Family = server === 'redis8' ? 'redis' : 'valkey'
  return { name: server === 'redis8' ? base : `${base}@${server}`, family, server }
}

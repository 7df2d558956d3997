import { CONNECT_MEMCACHED, connectRedisTarget, MEMORYSTORE } from './express-peers.js'
import { glideFloorTarget } from './floors/glide-floor.js'
import { ioredisFloorTarget } from './floors/ioredis-floor.js'
import { MAP_FLOOR } from './floors/map-floor.js'
import { MEMJS_FLOOR } from './floors/memjs-floor.js'
import { nodeRedisFloorTarget } from './floors/node-redis-floor.js'
import { REMIX_MEMCACHE, REMIX_MEMORY, remixRedisTarget } from './remix.js'
import { SESSIONKIT_TARGETS } from './sessionkit.js'
import type { Family, TargetDefinition } from './target.js'

/** The families, in report order. */
export const FAMILIES: readonly Family[] = ['memory', 'redis', 'valkey', 'memcache']

const PEERS_AND_FLOORS: readonly TargetDefinition[] = [
  MEMORYSTORE,
  REMIX_MEMORY,
  MAP_FLOOR,
  connectRedisTarget('redis8'),
  remixRedisTarget('redis8'),
  ioredisFloorTarget('redis8'),
  nodeRedisFloorTarget('redis8'),
  glideFloorTarget('redis8'),
  connectRedisTarget('valkey9'),
  ioredisFloorTarget('valkey9'),
  CONNECT_MEMCACHED,
  REMIX_MEMCACHE,
  MEMJS_FLOOR,
]

const KIND_ORDER = { sessionkit: 0, peer: 1, floor: 2 } as const

/**
 * Every target, by family, then sessionkit first, peers, floors. To add one, write its
 * definition (an `open` returning a `SessionTarget`) and list it here.
 */
export const TARGETS: readonly TargetDefinition[] = [
  ...SESSIONKIT_TARGETS,
  ...PEERS_AND_FLOORS,
].sort(
  (a, b) =>
    FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
)

export { MAX_RELATIVE_EXPIRATION, memcachedExpiration } from './expiration.js'
export { HashRing, KETAMA_POINTS_PER_SERVER, ketamaHash } from './hash-ring.js'
export { DEFAULT_ITEM_SIZE_LIMIT } from './memjs-ops.js'

export { MAX_RELATIVE_EXPIRATION, memcachedExpiration } from './expiration.js'
export { HashRing, KETAMA_POINTS_PER_SERVER, ketamaHash } from './hash-ring.js'
export { DEFAULT_ITEM_SIZE_LIMIT, ITEM_OVERHEAD } from './item-size.js'
export {
  createMemcacheDriver,
  MAX_CAS_ATTEMPTS,
  type MemcacheDriver,
  type MemcacheDriverStats,
} from './memcache-driver.js'
export { createMemcacheSessionStorage } from './memcache-storage.js'
export {
  MEMCACHE_DEFAULTS,
  type MemcacheDriverOptions,
  type MemcacheSessionStorageOptions,
} from './options.js'

export {
  createMemcacheDriver,
  type MemcacheDriver,
  type MemcacheDriverStats,
} from './memcache-driver.js'
export { createMemcacheSessionStorage } from './memcache-storage.js'
export {
  MEMCACHE_DEFAULTS,
  type MemcacheDriverOptions,
  type MemcacheSessionStorageOptions,
} from './options.js'

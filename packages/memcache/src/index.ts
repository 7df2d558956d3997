export {
  createMemcacheDriver,
  type MemcacheDriver,
  type MemcacheDriverStats,
} from './memcache-driver.js'
export { createMemcacheSessionStorage } from './memcache-storage.js'
export { MEMCACHE_DEFAULTS, type MemcacheOptions, memcacheOptionsSchema } from './options.js'
export { sessionBackend } from './session-backend.js'

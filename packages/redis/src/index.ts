export type { RedisClientLike } from './client-types.js'
export { EXPIRY_KEY_SUFFIX, type SessionKeys, sessionKeys } from './keys.js'
export {
  DEFAULT_PREFIX,
  type RedisDriverOptions,
  type RedisSessionStorageOptions,
} from './options.js'
export { createRedisDriver, type RedisSessionDriver } from './redis-driver.js'
export { createRedisSessionStorage } from './redis-storage.js'

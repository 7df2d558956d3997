export type { RedisClientLike } from './client-types.js'
export type { RedisDriverOptions, RedisSessionStorageOptions } from './options.js'
export { createRedisDriver, type RedisSessionDriver } from './redis-driver.js'
export { createRedisSessionStorage, type RedisSessionStorage } from './redis-storage.js'

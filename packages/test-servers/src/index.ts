export { type FailingOperation, type FailingStorage, withFailures } from './failing-storage.js'
export {
  type MemcachedSaslCredentials,
  type MemcachedServerOptions,
  SaslImageError,
} from './memcached-sasl.js'
export { startMemcachedPool, startMemcachedServer } from './memcached-server.js'
export { type RedisClusterOptions, startRedisCluster } from './redis-cluster.js'
export { startRedisSentinel, type TestSentinelGroup } from './redis-sentinel.js'
export { type RedisServerOptions, startRedisServer } from './redis-server.js'
export { createTestCertificates, type TestCertificates } from './tls-certificates.js'
export { startTlsRedisServer } from './tls-redis-server.js'
export type {
  RedisFlavor,
  TestCluster,
  TestServer,
  TestServerPool,
  TlsTestServer,
} from './types.js'

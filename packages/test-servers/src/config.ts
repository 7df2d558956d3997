import type { RedisFlavor } from './types.js'

/** How containers are networked: `host` (local images, offline machines) or `bridge` (Docker). */
export type NetworkMode = 'host' | 'bridge'

/** The network mode chosen by `SESSIONKIT_CONTAINER_NETWORK` (default `bridge`). */
export function networkMode(): NetworkMode {
  return process.env.SESSIONKIT_CONTAINER_NETWORK === 'host' ? 'host' : 'bridge'
}

const redisImages: Record<RedisFlavor, { env: string; image: string }> = {
  redis8: { env: 'SESSIONKIT_IMAGE_REDIS8', image: 'redis:8' },
  valkey9: { env: 'SESSIONKIT_IMAGE_VALKEY9', image: 'valkey/valkey:9' },
  valkey8: { env: 'SESSIONKIT_IMAGE_VALKEY8', image: 'valkey/valkey:8.1' },
}

/** The image for a Redis flavor: `SESSIONKIT_IMAGE_*` or the official image. */
export function redisImage(flavor: RedisFlavor): string {
  const { env, image } = redisImages[flavor]
  return process.env[env] || image
}

/** The memcached image: `SESSIONKIT_IMAGE_MEMCACHED` or the official image. */
export function memcachedImage(): string {
  return process.env.SESSIONKIT_IMAGE_MEMCACHED || 'memcached:1.6'
}

/** Server and CLI binary names inside a Redis flavor's image. */
export function redisBinaries(flavor: RedisFlavor): { server: string; cli: string } {
  return flavor === 'redis8'
    ? { server: 'redis-server', cli: 'redis-cli' }
    : { server: 'valkey-server', cli: 'valkey-cli' }
}

const externalRedisEnv: Record<RedisFlavor, string> = {
  redis8: 'SESSIONKIT_REDIS8_URL',
  valkey9: 'SESSIONKIT_VALKEY9_URL',
  valkey8: 'SESSIONKIT_VALKEY8_URL',
}

/** The name of the variable that points a Redis flavor at an external server. */
export function externalRedisVariable(flavor: RedisFlavor): string {
  return externalRedisEnv[flavor]
}

/** `host:port` items of a comma-separated environment variable, or undefined when unset. */
export function externalList(variable: string): string[] | undefined {
  const value = process.env[variable]?.trim()
  if (!value) return undefined
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
}

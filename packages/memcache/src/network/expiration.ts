/** Longest expiry memcached reads as relative seconds (30 days); longer ones are Unix times. */
export const MAX_RELATIVE_EXPIRATION = 2_592_000

/**
 * The expiration field memcached expects for a TTL of `ttl` seconds: the TTL itself up to 30
 * days, else the absolute Unix time (seconds) at which the item expires, since memcached reads
 * any larger number as a timestamp (and would otherwise expire the item at once).
 */
export function memcachedExpiration(ttl: number, now: number = Date.now()): number {
  return ttl <= MAX_RELATIVE_EXPIRATION ? ttl : Math.floor(now / 1000) + ttl
}

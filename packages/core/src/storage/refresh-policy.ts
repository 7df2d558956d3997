/** A read never refreshes a TTL that was restarted less than this long ago, in milliseconds. */
export const MIN_REFRESH_INTERVAL_MS = 1_000

/**
 * Whether a read must restart the TTL of a stored session that expires at `expiresAt` (epoch
 * ms) and lives `lifetime` seconds: once more than `refreshAfter` of the lifetime (and at least
 * a second) has passed since its last restart, or when the store would keep it longer than its
 * lifetime (a driver that refreshed it with another TTL).
 */
export function isRefreshDue(
  expiresAt: number,
  lifetime: number,
  refreshAfter: number,
  now: number,
): boolean {
  const lifetimeMs = lifetime * 1000
  const remaining = expiresAt - now
  if (remaining > lifetimeMs + MIN_REFRESH_INTERVAL_MS) return true
  return lifetimeMs - remaining >= Math.max(MIN_REFRESH_INTERVAL_MS, refreshAfter * lifetimeMs)
}

/**
 * How much earlier than it was told a server may drop a record: memcached counts time in
 * whole seconds on a clock that ticks once a second, so an item with a TTL of n s lives
 * between n-1 and n s.
 */
export const EARLY_EXPIRY_MS = 1_000

/**
 * How long after its expiry time a record may still be read: the server starts the TTL when
 * the command arrives, a little after the driver noted the time.
 */
export const LATE_EXPIRY_MS = 400

/** Extra margin for the event loop when a read must surely come before an expiry. */
export const PROBE_MARGIN_MS = 300

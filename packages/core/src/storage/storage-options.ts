/** Session TTL used when none is given: 7 days, in seconds. */
export const DEFAULT_SESSION_TTL = 604_800
/** Largest session accepted when no `maxSize` is given: 256 KiB. */
export const DEFAULT_MAX_SESSION_SIZE = 262_144
/** Longest a storage operation may take when no `timeout` is given, in milliseconds. */
export const DEFAULT_OPERATION_TIMEOUT = 5_000
/** Prefix of every key a backend stores sessions under when none is given. */
export const DEFAULT_KEY_PREFIX = 'session:'

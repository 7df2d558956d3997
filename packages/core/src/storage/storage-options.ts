import { z } from 'zod'

/** Session TTL used when none is given: 7 days, in seconds. */
export const DEFAULT_SESSION_TTL = 604_800
/** Largest session accepted when no `maxSize` is given: 256 KiB. */
export const DEFAULT_MAX_SESSION_SIZE = 262_144
/** Longest a storage operation may take when no `timeout` is given, in milliseconds. */
export const DEFAULT_OPERATION_TIMEOUT = 5_000
/** Share of the TTL after which a read refreshes it, when no `refreshAfter` is given. */
export const DEFAULT_REFRESH_AFTER = 0.1
/** Most keys a session may hold when no `maxKeys` is given. */
export const DEFAULT_MAX_KEYS = 1_000
/** Longest session key in UTF-8 bytes when no `maxKeyLength` is given. */
export const DEFAULT_MAX_KEY_LENGTH = 256
/** Prefix of every key a backend stores sessions under when none is given. */
export const DEFAULT_KEY_PREFIX = 'session:'
/**
 * 2^31 - 1: the longest delay Node timers take (in ms; longer ones fire at once), and the
 * longest TTL (in s) every backend can store.
 */
export const MAX_INT32 = 2_147_483_647

/**
 * zod schema of a whole-number option from `min` to `max` (default: any safe integer from
 * `min`), `unit` named in its message: `wholeNumber('ms', 1000, MAX_INT32)`. One check, which
 * never stops the others: zod's own `.int()` would skip a schema's cross-option rules.
 */
export function wholeNumber(
  unit: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): z.ZodNumber {
  const error =
    max === Number.MAX_SAFE_INTEGER
      ? `must be a whole number of ${unit}, at least ${min}`
      : `must be a whole number of ${unit} from ${min} to ${max}`
  return z
    .number({ error })
    .refine((value) => Number.isSafeInteger(value) && value >= min && value <= max, { error })
}

/**
 * zod shape of the options every session storage takes. A backend spreads it into its one
 * options schema (`z.strictObject({ ...sessionStorageOptionsShape, ...its own })`), and may
 * narrow `prefix` with a refinement of its own.
 */
export const sessionStorageOptionsShape = {
  /** Session TTL in seconds, restarted by saves and by reads once due (default 604800: 7 days). */
  ttl: wholeNumber('seconds', 1, MAX_INT32).optional(),
  /**
   * Share of the TTL (0 to below 1) that must have passed since the last restart before a read
   * restarts it again (default 0.1; 0: at every read, at most once a second).
   */
  refreshAfter: z
    .number({ error: 'must be a number from 0 to below 1' })
    .refine((value) => value >= 0 && value < 1, { error: 'must be a number from 0 to below 1' })
    .optional(),
  /** Largest session in bytes (field names plus JSON values) a save may write (default 262144). */
  maxSize: wholeNumber('bytes', 1).optional(),
  /** Most keys (flashes included) a session may hold; `set` refuses one more (default 1000). */
  maxKeys: wholeNumber('keys', 1).optional(),
  /** Longest key in UTF-8 bytes that `set` and `flash` accept (default 256). */
  maxKeyLength: wholeNumber('bytes', 1).optional(),
  /** Milliseconds after which a storage operation fails as unavailable (default 5000). */
  timeout: wholeNumber('ms', 1, MAX_INT32).optional(),
  /** Prefix of every key the backend stores sessions under (default 'session:'). */
  prefix: z.string({ error: 'must be a string' }).optional(),
}

/** What `createSessionStorage` reads of its options; other names are the driver's. */
export const coreStorageOptionsSchema = z.object({
  ttl: sessionStorageOptionsShape.ttl,
  maxSize: sessionStorageOptionsShape.maxSize,
  maxKeys: sessionStorageOptionsShape.maxKeys,
  maxKeyLength: sessionStorageOptionsShape.maxKeyLength,
  timeout: sessionStorageOptionsShape.timeout,
  refreshAfter: sessionStorageOptionsShape.refreshAfter,
})

/** Options every storage built by `createSessionStorage` accepts. */
export type SessionStorageOptions = z.input<typeof coreStorageOptionsSchema>

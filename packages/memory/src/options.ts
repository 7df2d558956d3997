import { MAX_INT32, sessionStorageOptionsShape, wholeNumber, z } from '@sessionkit/core/driver'

/** Defaults of the memory backend's own options. */
export const MEMORY_DEFAULTS = {
  max: 10_000,
  maxBytes: 64 * 1024 * 1024,
  checkPeriod: 60_000,
} as const

/**
 * The memory backend's options, for `createMemorySessionStorage` and `createMemoryDriver`
 * alike: core's common ones and the bounds of the in-process store.
 */
export const memoryOptionsSchema = z.strictObject({
  ...sessionStorageOptionsShape,
  /** Most sessions held before the least recently used are evicted (default 10000). */
  max: wholeNumber('sessions', 1).optional(),
  /** Most bytes held before the least recently used are evicted (default 64 MiB; at least 1 KiB). */
  maxBytes: wholeNumber('bytes', 1024).optional(),
  /** Ms between sweeps of expired sessions and fields (default 60000; at least 1000). */
  checkPeriod: wholeNumber('ms', 1000, MAX_INT32).optional(),
})

/** Options of `createMemorySessionStorage` and `createMemoryDriver`. */
export type MemoryOptions = z.input<typeof memoryOptionsSchema>

/** Memory options once checked. */
export type CheckedMemoryOptions = z.output<typeof memoryOptionsSchema>

/**
 * The contract between sessionkit's core and a storage backend.
 *
 * A driver stores sessions as flat records of named fields. Core owns every lifecycle rule
 * (ids, cookies, dirty tracking, flash, regeneration, TTL refresh policy, size limits,
 * timeouts); a driver only moves fields in and out of its server, atomically per call.
 * `createSessionStorage` turns a driver into a full `SessionStorage`.
 *
 * Rules every driver must follow:
 * - `id` is an opaque storage id (a hash of the session id, URL-safe base64, 43 characters).
 *   The driver builds its keys from it (adding its own prefix) and never sees the cookie value.
 * - Field values are strings that core has already encoded; store them verbatim. Field names
 *   are any non-empty strings (well-formed Unicode); names starting with `__sk:` belong to core
 *   (`RESERVED_FIELD_PREFIX`) except those starting with `__sk:d:` (`DRIVER_FIELD_PREFIX`),
 *   which a driver may use for its own bookkeeping inside a record (core ignores them).
 * - `ttl` arguments are whole seconds. A record lives `ttl` seconds after the call that last
 *   restarted its TTL: `create`, `update`, `move` and `touch` always restart it; `load` may
 *   restart it when that costs nothing extra (memcached's get-and-touch), and then reports so
 *   in `expiresAt`. Core decides when a read must refresh the TTL and calls `touch`.
 * - A field TTL (`FieldWrite.ttl`) is an absolute expiry for that one field from the time of
 *   the write; a write without `ttl` removes any earlier expiry of that field. Expired fields
 *   are never returned and must not keep costing memory forever (native expiry, or removed on
 *   a later access). A driver that cannot do this reports `fieldTtl: 'none'`, and core then
 *   refuses field TTLs.
 * - Fields whose name starts with `FLASH_FIELD_PREFIX` are flash fields: `load` returns them
 *   AND removes them in the same atomic step, so each flash is returned by exactly one load.
 * - What `load` returns belongs to the caller: later calls must not change it.
 * - `update`, `move` and `touch` never (re)create a record that does not exist: a record that
 *   was destroyed or has expired stays gone, and they return `false`. `create` never overwrites
 *   an existing record: it returns `false` instead.
 * - Failures to reach the server reject with `SessionStorageUnavailableError` (anything else
 *   that is not a `SessionError` is wrapped as one by core). Drivers must bound their own
 *   waits too; core additionally applies its operation timeout.
 * - An operation may answer at once instead of with a promise (`Answer`), as a store inside
 *   the process does: it then costs no promise, and has nothing left for the timeout to bound.
 *   A synchronous failure is thrown, and treated as a rejection.
 */

/**
 * What a driver operation gives: a promise, or (a driver inside the process, which has nothing
 * to wait for) the result itself. Core bounds only a promise by its timeout: an answer given at
 * once has nothing left to wait for.
 */
export type Answer<T> = T | Promise<T>

/** One stored field as a driver returns it. */
export interface StoredField {
  /** The encoded value, exactly as it was written. */
  readonly value: string
  /** Epoch milliseconds at which the field expires, when it has a TTL of its own. */
  readonly expiresAt?: number | undefined
}

/** The live fields of one stored record, by field name. */
export type StoredFields = ReadonlyMap<string, StoredField>

/** A record as `load` returns it. */
export interface StoredRecord {
  /** Its live fields (flash fields included: this load consumed them). */
  readonly fields: StoredFields
  /**
   * Epoch milliseconds at which the whole record expires unless its TTL is restarted, as
   * best the driver knows (after any refresh this load made).
   */
  readonly expiresAt: number
  /**
   * Optional: a number of bytes at least as large as the UTF-8 size of every name and value in
   * `fields`, when the driver knows one without measuring them (the memory driver keeps one).
   * Core's `maxSize` check then need not read the stored values.
   */
  readonly size?: number | undefined
}

/** A write of one field. */
export interface FieldWrite {
  /** The encoded value to store. */
  readonly value: string
  /** Seconds until this field expires on its own; absent: no field expiry (clears an earlier one). */
  readonly ttl?: number | undefined
}

/** The changes one save applies to a stored record. */
export interface SessionPatch {
  /** Fields to write. */
  readonly set: Readonly<Record<string, FieldWrite>>
  /** Field names to remove. */
  readonly unset: readonly string[]
}

/**
 * How a driver implements per-field TTL: by the server itself, emulated by the driver, or not
 * at all (then core refuses `set(key, value, { ttl })` with a `SessionDataError`).
 */
export type FieldTtlSupport = 'native' | 'emulated' | 'none'

/** What a driver (and the storage built on it) can do. */
export interface DriverCapabilities {
  /** Whether field expiry is enforced by the server, emulated by the driver, or unsupported. */
  readonly fieldTtl: FieldTtlSupport
}

/** Options for `SessionDriver.move`. */
export interface MoveOptions {
  /** Remove the record under the old id once it is copied (default behaviour of regenerateId). */
  readonly deleteOld: boolean
}

/** A field-level session store. See the module comment for the rules. */
export interface SessionDriver {
  /** What this driver can do; may change after the first call (e.g. server feature detection). */
  readonly capabilities: DriverCapabilities
  /**
   * The live fields of the record `id` and when it expires, in one round trip, consuming flash
   * fields; `null` when there is no such record. May restart the TTL at `ttl` seconds when that
   * is free (see the module comment).
   */
  load(id: string, ttl: number): Answer<StoredRecord | null>
  /** Create the record `id` with `fields` if it does not exist; `false` if it already did. */
  create(id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number): Answer<boolean>
  /** Apply `patch` to the record `id` and restart its TTL, only if it exists; `false` if not. */
  update(id: string, patch: SessionPatch, ttl: number): Answer<boolean>
  /** Restart the TTL of the record `id` at `ttl` seconds, only if it exists; `false` if not. */
  touch(id: string, ttl: number): Answer<boolean>
  /** Remove the record `id`; removing a missing record is not an error. */
  destroy(id: string): Answer<void>
  /**
   * Optional: copy the live fields of `fromId`, with `patch` applied, to the new record `toId`
   * and (with `deleteOld`) remove `fromId`, as atomically as the server allows; `false`, writing
   * nothing, when `fromId` no longer exists. Without it core uses `create` then `destroy`.
   */
  move?(
    fromId: string,
    toId: string,
    patch: SessionPatch,
    ttl: number,
    options: MoveOptions,
  ): Answer<boolean>
  /**
   * Optional capability: the ids of the records the driver holds (those of its prefix), each
   * once, in any order; a record may expire or be created meanwhile. Used only by the
   * storage's enumeration (`list`, `count`, `clear`: admin work, such as express-session's
   * `Store.all`), never on a request's path. Without it those reject with
   * `SessionUnsupportedError`.
   */
  scan?(): AsyncIterable<string>
  /**
   * Optional: resolve once the server answered (connection made, features detected); reject
   * like an operation would. Without it, the storage's `ready()` resolves at once.
   */
  ready?(): Promise<void>
  /** Release connections and timers the driver owns (not clients handed to it). */
  close(): Promise<void>
}

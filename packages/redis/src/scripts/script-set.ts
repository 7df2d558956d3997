import type { LuaScript } from './script.js'

/**
 * One implementation of the driver's operations as Lua scripts. Every script takes the
 * session's keys (`KEYS[1]` record, `KEYS[2]` companion expiry hash; `move` also the target's
 * two keys as `KEYS[3]`, `KEYS[4]`) and the session TTL in seconds as `ARGV[1]`.
 */
export interface ScriptSet {
  /** `{ HGETALL reply, expiry per field (epoch ms, -1: none) }` or nil, consuming flashes. */
  readonly load: LuaScript
  /** Write the record only if absent (patch from `ARGV[2]`); 1 when written. */
  readonly create: LuaScript
  /** Patch the record only if present (patch from `ARGV[2]`); 1 when written. */
  readonly update: LuaScript
  /** Copy or rename to the target, then patch it (`ARGV[2]` '1' to delete, patch from `ARGV[3]`). */
  readonly move: LuaScript
  /** Restart the TTL of an existing record (never creating it); 1 when it existed. */
  readonly touch: LuaScript
}

import { NEXT_FIELD_EXPIRY_FIELD, VERSION_FIELD } from '../record/layout.js'
import { LUA_PRELUDE } from './lua-prelude.js'
import { luaString } from './lua-string.js'
import { defineScript } from './script.js'

// ARGV of every write script: the record TTL in ms, the app server's time in ms, whether the
// server expires hash fields itself ('1' or '0'), then its own arguments and the patch. The
// driver writes the record's expiry time (and, for a new record, its first version) as plain
// writes of the patch. A write that finds no record (or, for create, an existing one) writes
// nothing and returns nil.

/** Most plain writes the update fast path takes: one HSET of them stays far below Lua's stack limit. */
const FAST_PATH_WRITES = 500

// Returns the new version. Most saves only set fields, none with a TTL, in a record without
// field TTLs: those are a single HSET, done before the prelude's functions are defined (that
// alone costs about 2 µs of server time a call). The rest take the general path.
const UPDATE = `
local key = KEYS[1]
if redis.call('PEXPIRE', key, ARGV[1]) == 0 then return false end
if ARGV[4] == '0' then
  local writes = tonumber(ARGV[5])
  if writes <= ${FAST_PATH_WRITES} and ARGV[6 + 2 * writes] == '0'
    and redis.call('HEXISTS', key, ${luaString(NEXT_FIELD_EXPIRY_FIELD)}) == 0 then
    redis.call('HSET', key, unpack(ARGV, 6, 5 + 2 * writes))
    return redis.call('HINCRBY', key, ${luaString(VERSION_FIELD)}, 1)
  end
end
${LUA_PRELUDE}
local now = tonumber(ARGV[2])
apply_patch(key, 4, now, ARGV[3] == '1', sweep(key, now))
return redis.call('HINCRBY', key, V, 1)
`

// Returns 1.
const CREATE = `
local key = KEYS[1]
if redis.call('EXISTS', key) == 1 then return false end
apply_patch(key, 4, tonumber(ARGV[2]), ARGV[3] == '1', false)
redis.call('PEXPIRE', key, ARGV[1])
return 1
`

// ARGV[4]: '1' to rename, '0' to copy. Returns the new version of the target.
const MOVE = `
local from, to = KEYS[1], KEYS[2]
if redis.call('EXISTS', from) == 0 or redis.call('EXISTS', to) == 1 then return false end
local now = tonumber(ARGV[2])
local stamped = sweep(from, now)
if ARGV[4] == '1' then
  redis.call('RENAME', from, to)
else
  redis.call('COPY', from, to)
end
apply_patch(to, 5, now, ARGV[3] == '1', stamped)
redis.call('PEXPIRE', to, ARGV[1])
return redis.call('HINCRBY', to, V, 1)
`

// Restarts the TTL of an existing record and records its new expiry time (ARGV[2], the field,
// ARGV[3], the time); 1 when it existed. The version stays: no session field changed.
const TOUCH = `
local key = KEYS[1]
if redis.call('PEXPIRE', key, ARGV[1]) == 0 then return 0 end
redis.call('HSET', key, ARGV[2], ARGV[3])
return 1
`

// A read that found flash fields: returns the whole hash and removes its flash fields in one
// step, so each flash reaches exactly one reader: { HGETALL reply, new version } or nil.
const CONSUME = `
local key = KEYS[1]
local all = redis.call('HGETALL', key)
if #all == 0 then return false end
local flash = {}
for i = 1, #all, 2 do
  local name = all[i]
  if string.sub(name, 1, #FLASH) == FLASH then
    flash[#flash + 1] = name
    flash[#flash + 1] = T .. name
  end
end
for i = 1, #flash, STEP do
  redis.call('HDEL', key, unpack(flash, i, math.min(i + STEP - 1, #flash)))
end
return { all, redis.call('HINCRBY', key, V, 1) }
`

const script = (name: string, body: string) => defineScript(name, LUA_PRELUDE + body)

/** The scripts of the session operations that must be atomic (plain reads run no script). */
export const RECORD_SCRIPTS = {
  /** Patch a record only if it exists. KEYS: record. */
  update: defineScript('update', UPDATE),
  /** Write a record only if absent. KEYS: record. */
  create: script('create', CREATE),
  /** Copy or rename a record to a new key, then patch it. KEYS: from, to. */
  move: script('move', MOVE),
  /** Restart a record's TTL only if it exists. KEYS: record; ARGV: ttl ms, expiry field, time. */
  touch: script('touch', TOUCH),
  /** Read a record and remove its flash fields. KEYS: record. */
  consume: script('consume', CONSUME),
} as const

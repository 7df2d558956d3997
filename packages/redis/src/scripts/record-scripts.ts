import { LUA_PRELUDE } from './lua-prelude.js'
import { defineScript } from './script.js'

// Every write script restarts the record's TTL (PEXPIREAT, and the same time in X), bumps the
// version and returns `{ version, server time in ms }`, or nil when it wrote nothing.
// `native` ('1' or '0') says whether the server expires hash fields itself.

const UPDATE = `
local key = KEYS[1]
local ttl, native = tonumber(ARGV[1]), ARGV[2] == '1'
local now = now_ms()
local at = ms(now + ttl * 1000)
if redis.call('PEXPIREAT', key, at) == 0 then return false end
local stamped = sweep(key, now)
apply_patch(key, now, read_patch(3), native, stamped, { X, at })
return { redis.call('HINCRBY', key, V, 1), now }
`

const CREATE = `
local key = KEYS[1]
local ttl, native, version = tonumber(ARGV[1]), ARGV[2] == '1', ARGV[3]
if redis.call('EXISTS', key) == 1 then return false end
local now = now_ms()
local at = ms(now + ttl * 1000)
apply_patch(key, now, read_patch(4), native, false, { V, version, X, at })
redis.call('PEXPIREAT', key, at)
return { tonumber(version), now }
`

const MOVE = `
local from, to = KEYS[1], KEYS[2]
local ttl, native, delete_old = tonumber(ARGV[1]), ARGV[2] == '1', ARGV[3] == '1'
if redis.call('EXISTS', from) == 0 or redis.call('EXISTS', to) == 1 then return false end
local now = now_ms()
local at = ms(now + ttl * 1000)
local stamped = sweep(from, now)
if delete_old then
  redis.call('RENAME', from, to)
else
  redis.call('COPY', from, to)
end
apply_patch(to, now, read_patch(4), native, stamped, { X, at })
redis.call('PEXPIREAT', to, at)
return { redis.call('HINCRBY', to, V, 1), now }
`

// Restarts the TTL of an existing record; 1 when it existed. The version stays: no field changed.
const TOUCH = `
local key = KEYS[1]
local at = ms(now_ms() + tonumber(ARGV[1]) * 1000)
if redis.call('PEXPIREAT', key, at) == 0 then return 0 end
redis.call('HSET', key, X, at)
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
if #flash > 0 then batched('HDEL', key, flash) end
return { all, redis.call('HINCRBY', key, V, 1) }
`

const script = (name: string, body: string) => defineScript(name, LUA_PRELUDE + body)

/** The scripts of the session operations that must be atomic (plain reads run no script). */
export const RECORD_SCRIPTS = {
  /** Patch a record only if it exists. KEYS: record; ARGV: ttl, native, patch. */
  update: script('update', UPDATE),
  /** Write a record only if absent. KEYS: record; ARGV: ttl, native, first version, fields. */
  create: script('create', CREATE),
  /** Copy or rename a record to a new key, then patch it. KEYS: from, to; ARGV: ttl, native, deleteOld, patch. */
  move: script('move', MOVE),
  /** Restart a record's TTL only if it exists. KEYS: record; ARGV: ttl. */
  touch: script('touch', TOUCH),
  /** Read a record and remove its flash fields. KEYS: record. */
  consume: script('consume', CONSUME),
} as const

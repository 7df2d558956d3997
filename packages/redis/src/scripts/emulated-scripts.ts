import { LUA_PRELUDE } from './lua-prelude.js'
import { defineScript } from './script.js'
import type { ScriptSet } from './script-set.js'

/**
 * Helpers for servers without per-field TTL: a companion hash (same hash tag, so same slot)
 * maps each field that has a TTL to its expiry time in epoch ms, by the server's clock.
 * `sweep` really deletes fields whose time has passed, from both hashes, and returns the
 * live expiry times; every script runs it before reading or writing the record.
 */
const EMULATED_HELPERS = `
local function sweep(key, ekey, now)
  local raw = redis.call('HGETALL', ekey)
  local live, dead = {}, {}
  for i = 1, #raw, 2 do
    local at = tonumber(raw[i + 1])
    if at ~= nil and at > now then
      live[raw[i]] = at
    else
      table.insert(dead, raw[i])
    end
  end
  if #dead > 0 then
    batched('HDEL', key, dead)
    batched('HDEL', ekey, dead)
  end
  return live
end

local function apply_patch(key, ekey, now, patch)
  if #patch.unset > 0 then
    batched('HDEL', key, patch.unset)
    batched('HDEL', ekey, patch.unset)
  end
  if #patch.writes > 0 then batched('HSET', key, patch.writes) end
  if #patch.plain > 0 then batched('HDEL', ekey, patch.plain) end
  local times = {}
  for ttl, names in pairs(patch.timed) do
    local at = string.format('%.0f', now + tonumber(ttl) * 1000)
    for _, name in ipairs(names) do
      table.insert(times, name)
      table.insert(times, at)
    end
  end
  if #times > 0 then batched('HSET', ekey, times) end
end

local function refresh(key, ekey, ttl)
  redis.call('EXPIRE', key, ttl)
  redis.call('EXPIRE', ekey, ttl)
end
`

const LOAD = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 0 then return false end
local live = sweep(key, ekey, now_ms())
local all = redis.call('HGETALL', key)
if #all == 0 then
  redis.call('DEL', ekey)
  return false
end
local times = {}
for k = 1, #all / 2 do times[k] = live[all[2 * k - 1]] or -1 end
local flash = flash_names(all)
if #flash > 0 then
  batched('HDEL', key, flash)
  batched('HDEL', ekey, flash)
end
refresh(key, ekey, ttl)
return { all, times }
`

const CREATE = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('DEL', ekey)
apply_patch(key, ekey, now_ms(), read_patch(2))
refresh(key, ekey, ttl)
return 1
`

const UPDATE = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 0 then return 0 end
local now = now_ms()
sweep(key, ekey, now)
if redis.call('EXISTS', key) == 0 then return 0 end
apply_patch(key, ekey, now, read_patch(2))
refresh(key, ekey, ttl)
return 1
`

const MOVE = `
local from, efrom, to, eto = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local ttl, delete_old = ARGV[1], ARGV[2]
if redis.call('EXISTS', from) == 0 or redis.call('EXISTS', to) == 1 then return 0 end
local now = now_ms()
sweep(from, efrom, now)
if redis.call('EXISTS', from) == 0 then return 0 end
redis.call('DEL', eto)
local has_times = redis.call('EXISTS', efrom) == 1
if delete_old == '1' then
  redis.call('RENAME', from, to)
  if has_times then redis.call('RENAME', efrom, eto) end
else
  redis.call('COPY', from, to)
  if has_times then redis.call('COPY', efrom, eto) end
end
apply_patch(to, eto, now, read_patch(3))
refresh(to, eto, ttl)
return 1
`

const TOUCH = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXPIRE', key, ttl) == 0 then return 0 end
redis.call('EXPIRE', ekey, ttl)
return 1
`

const script = (name: string, body: string) =>
  defineScript(`emulated ${name}`, LUA_PRELUDE + EMULATED_HELPERS + body)

/** The scripts used where field expiry is emulated with a companion hash of expiry times. */
export const EMULATED_SCRIPTS: ScriptSet = {
  load: script('load', LOAD),
  create: script('create', CREATE),
  update: script('update', UPDATE),
  move: script('move', MOVE),
  touch: script('touch', TOUCH),
}

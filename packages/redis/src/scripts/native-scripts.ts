import { LUA_PRELUDE } from './lua-prelude.js'
import { defineScript } from './script.js'
import type { ScriptSet } from './script-set.js'

/**
 * Helpers for servers with per-field TTL (Redis >= 7.4, Valkey >= 9.0): HEXPIRE and
 * HPEXPIRETIME do the work; HSET clears a field's earlier TTL by itself.
 * `adopt_emulated` folds expiry times left behind by the emulated scripts (a server upgraded
 * under live sessions) into native field TTLs, so they keep being enforced.
 */
const NATIVE_HELPERS = `
local function hexpire(key, ttl, names)
  for i = 1, #names, STEP do
    local j = math.min(i + STEP - 1, #names)
    redis.call('HEXPIRE', key, ttl, 'FIELDS', j - i + 1, unpack(names, i, j))
  end
end

local function apply_patch(key, patch)
  if #patch.unset > 0 then batched('HDEL', key, patch.unset) end
  if #patch.writes > 0 then batched('HSET', key, patch.writes) end
  for ttl, names in pairs(patch.timed) do hexpire(key, ttl, names) end
end

local function adopt_emulated(key, ekey)
  if redis.call('EXISTS', ekey) == 0 then return end
  local now = now_ms()
  local raw = redis.call('HGETALL', ekey)
  for i = 1, #raw, 2 do
    local at = tonumber(raw[i + 1])
    if at == nil or at <= now then
      redis.call('HDEL', key, raw[i])
    else
      redis.call('HPEXPIREAT', key, raw[i + 1], 'FIELDS', 1, raw[i])
    end
  end
  redis.call('DEL', ekey)
end
`

const LOAD = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
local all = redis.call('HGETALL', key)
if #all == 0 then return false end
if redis.call('EXISTS', ekey) == 1 then
  adopt_emulated(key, ekey)
  all = redis.call('HGETALL', key)
  if #all == 0 then return false end
end
local count = #all / 2
local names = {}
for k = 1, count do names[k] = all[2 * k - 1] end
local times
if count <= STEP then
  times = redis.call('HPEXPIRETIME', key, 'FIELDS', count, unpack(names))
else
  times = {}
  for i = 1, count, STEP do
    local j = math.min(i + STEP - 1, count)
    local part = redis.call('HPEXPIRETIME', key, 'FIELDS', j - i + 1, unpack(names, i, j))
    for k = i, j do times[k] = part[k - i + 1] end
  end
end
local flash = flash_names(all)
if #flash > 0 then batched('HDEL', key, flash) end
redis.call('EXPIRE', key, ttl)
return { all, times }
`

const CREATE = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('DEL', ekey)
apply_patch(key, read_patch(2))
redis.call('EXPIRE', key, ttl)
return 1
`

const UPDATE = `
local key, ekey, ttl = KEYS[1], KEYS[2], ARGV[1]
if redis.call('EXISTS', key) == 0 then return 0 end
adopt_emulated(key, ekey)
apply_patch(key, read_patch(2))
redis.call('EXPIRE', key, ttl)
return 1
`

const MOVE = `
local from, efrom, to, eto = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local ttl, delete_old = ARGV[1], ARGV[2]
if redis.call('EXISTS', from) == 0 or redis.call('EXISTS', to) == 1 then return 0 end
adopt_emulated(from, efrom)
redis.call('DEL', eto)
if delete_old == '1' then
  redis.call('RENAME', from, to)
else
  redis.call('COPY', from, to)
end
apply_patch(to, read_patch(3))
redis.call('EXPIRE', to, ttl)
return 1
`

const TOUCH = `
return redis.call('EXPIRE', KEYS[1], ARGV[1])
`

const script = (name: string, body: string) =>
  defineScript(`native ${name}`, LUA_PRELUDE + NATIVE_HELPERS + body)

/** The scripts used where the server expires hash fields itself. */
export const NATIVE_SCRIPTS: ScriptSet = {
  load: script('load', LOAD),
  create: script('create', CREATE),
  update: script('update', UPDATE),
  move: script('move', MOVE),
  touch: script('touch', TOUCH),
}

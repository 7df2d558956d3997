import { FLASH_FIELD_PREFIX } from '@sessionkit/core/driver'
import {
  EXPIRY_FIELD,
  FIELD_EXPIRY_PREFIX,
  NEXT_FIELD_EXPIRY_FIELD,
  VERSION_FIELD,
} from '../record/layout.js'
import { luaString } from './lua-string.js'

/**
 * Lua shared by every script: the record layout (see `record/layout.ts`), argument decoding,
 * batched multi-argument calls (Lua's `unpack` is limited to a few thousand values), server
 * time, and the field expiry bookkeeping.
 *
 * Argument layout of a patch, from `ARGV[at]`: the number of fields to remove and their names,
 * then the number of fields to write and, for each, name, value and field TTL in seconds ('' for
 * none). See `patch-args.ts`.
 *
 * Field TTL: a field with a TTL has its expiry time (epoch ms) beside it in `T .. name`, and
 * `N` holds the earliest of those times (or an earlier one). On servers with hash field expiry
 * (`native`) both the field and its time expire together (HPEXPIREAT); elsewhere, readers leave
 * out fields whose time has passed and the next write removes them (`sweep`).
 */
export const LUA_PRELUDE = `
if redis.replicate_commands then redis.replicate_commands() end
local FLASH = ${luaString(FLASH_FIELD_PREFIX)}
local V = ${luaString(VERSION_FIELD)}
local X = ${luaString(EXPIRY_FIELD)}
local N = ${luaString(NEXT_FIELD_EXPIRY_FIELD)}
local T = ${luaString(FIELD_EXPIRY_PREFIX)}
local STEP = 1000

local function batched(cmd, key, items)
  for i = 1, #items, STEP do
    redis.call(cmd, key, unpack(items, i, math.min(i + STEP - 1, #items)))
  end
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function ms(n)
  return string.format('%.0f', n)
end

local function times_of(names)
  local out = {}
  for i, name in ipairs(names) do out[i] = T .. name end
  return out
end

local function sweep(key, now)
  local n = redis.call('HGET', key, N)
  if not n then return false end
  if tonumber(n) > now then return true end
  local all = redis.call('HGETALL', key)
  local dead, earliest = {}, nil
  for i = 1, #all, 2 do
    local name = all[i]
    if string.sub(name, 1, #T) == T then
      local at = tonumber(all[i + 1])
      if at == nil or at <= now then
        dead[#dead + 1] = name
        dead[#dead + 1] = string.sub(name, #T + 1)
      elseif earliest == nil or at < earliest then
        earliest = at
      end
    end
  end
  if #dead > 0 then batched('HDEL', key, dead) end
  if earliest then
    redis.call('HSET', key, N, ms(earliest))
    return true
  end
  redis.call('HDEL', key, N)
  return false
end

local function read_patch(at)
  local patch = { unset = {}, writes = {}, plain = {}, timed = {} }
  local n = tonumber(ARGV[at])
  at = at + 1
  for i = 1, n do
    patch.unset[i] = ARGV[at]
    at = at + 1
  end
  n = tonumber(ARGV[at])
  at = at + 1
  for _ = 1, n do
    local name, value, ttl = ARGV[at], ARGV[at + 1], ARGV[at + 2]
    at = at + 3
    patch.writes[#patch.writes + 1] = name
    patch.writes[#patch.writes + 1] = value
    if ttl == '' then
      patch.plain[#patch.plain + 1] = name
    else
      local group = patch.timed[ttl]
      if not group then
        group = {}
        patch.timed[ttl] = group
      end
      group[#group + 1] = name
    end
  end
  return patch
end

local function apply_patch(key, now, patch, native, stamped, extra)
  if #patch.unset > 0 then
    batched('HDEL', key, patch.unset)
    if stamped then batched('HDEL', key, times_of(patch.unset)) end
  end
  if stamped and #patch.plain > 0 then batched('HDEL', key, times_of(patch.plain)) end
  local writes = patch.writes
  for i = 1, #extra do writes[#writes + 1] = extra[i] end
  if #writes > 0 then batched('HSET', key, writes) end
  local earliest = nil
  for ttl, names in pairs(patch.timed) do
    local at = now + tonumber(ttl) * 1000
    local times = {}
    for _, name in ipairs(names) do
      times[#times + 1] = T .. name
      times[#times + 1] = ms(at)
    end
    batched('HSET', key, times)
    if native then
      local both = times_of(names)
      for _, name in ipairs(names) do both[#both + 1] = name end
      for i = 1, #both, STEP do
        local j = math.min(i + STEP - 1, #both)
        redis.call('HPEXPIREAT', key, ms(at), 'FIELDS', j - i + 1, unpack(both, i, j))
      end
    end
    if earliest == nil or at < earliest then earliest = at end
  end
  if earliest then
    local n = tonumber(redis.call('HGET', key, N) or '')
    if n == nil or earliest < n then redis.call('HSET', key, N, ms(earliest)) end
  end
end
`

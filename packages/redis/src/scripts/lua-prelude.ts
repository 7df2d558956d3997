import { FLASH_FIELD_PREFIX } from '@sessionkit/core/driver'
import { FIELD_EXPIRY_PREFIX, NEXT_FIELD_EXPIRY_FIELD, VERSION_FIELD } from '../record/layout.js'
import { luaString } from './lua-string.js'

/**
 * Lua shared by the scripts: the record layout (see `record/layout.ts`), batched
 * multi-argument calls (Lua's `unpack` is limited to a few thousand values) and the field
 * expiry bookkeeping. Times are epoch ms by the app server's clock, passed in by the driver;
 * TTLs themselves are relative (PEXPIRE, HEXPIRE), so the server enforces them on its own clock.
 *
 * A patch in `ARGV`, from a given index (see `patch-args.ts`): the number of fields to remove
 * and their names; the number of plain writes and their names and values; the number of writes
 * with a field TTL and, for each, name, value and TTL in seconds.
 *
 * Field TTL: a field with a TTL has its expiry time beside it in `T .. name`, and `N` holds the
 * earliest of those times (or an earlier one). Where the server expires hash fields (`native`)
 * the field and its time expire together (HEXPIRE); elsewhere readers leave out fields whose
 * time has passed and the next write removes them (`sweep`).
 */
export const LUA_PRELUDE = `
local FLASH = ${luaString(FLASH_FIELD_PREFIX)}
local V = ${luaString(VERSION_FIELD)}
local N = ${luaString(NEXT_FIELD_EXPIRY_FIELD)}
local T = ${luaString(FIELD_EXPIRY_PREFIX)}
local STEP = 1000

local function ms(n)
  return string.format('%.0f', n)
end

local function each_arg(cmd, key, from, to, stride, prefix)
  local batch = {}
  for i = from, to, stride do
    batch[#batch + 1] = prefix .. ARGV[i]
    if #batch == STEP then
      redis.call(cmd, key, unpack(batch))
      batch = {}
    end
  end
  if #batch > 0 then redis.call(cmd, key, unpack(batch)) end
end

local function args_call(cmd, key, from, to)
  for i = from, to, STEP do
    redis.call(cmd, key, unpack(ARGV, i, math.min(i + STEP - 1, to)))
  end
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
  for i = 1, #dead, STEP do
    redis.call('HDEL', key, unpack(dead, i, math.min(i + STEP - 1, #dead)))
  end
  if earliest then
    redis.call('HSET', key, N, ms(earliest))
    return true
  end
  redis.call('HDEL', key, N)
  return false
end

local function apply_patch(key, i, now, native, stamped)
  local n = tonumber(ARGV[i])
  if n > 0 then
    args_call('HDEL', key, i + 1, i + n)
    if stamped then each_arg('HDEL', key, i + 1, i + n, 1, T) end
  end
  i = i + n + 1
  n = tonumber(ARGV[i])
  if n > 0 then
    args_call('HSET', key, i + 1, i + 2 * n)
    if stamped then each_arg('HDEL', key, i + 1, i + 2 * n, 2, T) end
  end
  i = i + 2 * n + 1
  n = tonumber(ARGV[i])
  local earliest = nil
  for k = i + 1, i + 3 * n, 3 do
    local name, ttl = ARGV[k], ARGV[k + 2]
    local at = now + tonumber(ttl) * 1000
    redis.call('HSET', key, name, ARGV[k + 1], T .. name, ms(at))
    if native then redis.call('HEXPIRE', key, ttl, 'FIELDS', 2, name, T .. name) end
    if earliest == nil or at < earliest then earliest = at end
  end
  if earliest then
    local known = tonumber(redis.call('HGET', key, N) or '')
    if known == nil or earliest < known then redis.call('HSET', key, N, ms(earliest)) end
  end
end
`

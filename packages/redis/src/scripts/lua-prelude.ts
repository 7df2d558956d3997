import { FLASH_FIELD_PREFIX } from '@sessionkit/core/driver'
import { luaString } from './lua-string.js'

/**
 * Lua shared by every script: argument decoding, batched multi-argument calls (Lua's `unpack`
 * is limited to a few thousand values) and server time.
 *
 * Argument layout of the writing scripts, from `ARGV[at]`: the number of fields to remove and
 * their names, then the number of fields to write and, for each, name, value and field TTL in
 * seconds ('' for none). See `patch-args.ts`.
 */
export const LUA_PRELUDE = `
if redis.replicate_commands then redis.replicate_commands() end
local FLASH = ${luaString(FLASH_FIELD_PREFIX)}
local STEP = 1000

local function batched(cmd, key, items)
  for i = 1, #items, STEP do
    redis.call(cmd, key, unpack(items, i, math.min(i + STEP - 1, #items)))
  end
end

local FLASH_BYTE = string.byte(FLASH, 1)

local function is_flash(name)
  return string.byte(name, 1) == FLASH_BYTE and string.sub(name, 1, #FLASH) == FLASH
end

local function flash_names(all)
  local flash = {}
  for i = 1, #all, 2 do
    if is_flash(all[i]) then flash[#flash + 1] = all[i] end
  end
  return flash
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
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
    table.insert(patch.writes, name)
    table.insert(patch.writes, value)
    if ttl == '' then
      table.insert(patch.plain, name)
    else
      local group = patch.timed[ttl]
      if not group then
        group = {}
        patch.timed[ttl] = group
      end
      table.insert(group, name)
    end
  end
  return patch
end
`

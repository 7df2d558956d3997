import { createHash } from 'node:crypto'
import type { RedisConnection } from '../clients/client-types.js'

/** A Lua script with its SHA-1, run by `EVALSHA` and loaded by `EVAL` when the server lacks it. */
export interface LuaScript {
  /** A short name, for error messages. */
  readonly name: string
  /** The Lua source. */
  readonly source: string
  /** SHA-1 of the source, as `EVALSHA` expects it. */
  readonly sha: string
}

/** Make a `LuaScript` from its source. */
export function defineScript(name: string, source: string): LuaScript {
  return { name, source, sha: createHash('sha1').update(source).digest('hex') }
}

/**
 * Run `script` on `keys` (all in one hash slot) in one round trip: `EVALSHA`, falling back to
 * `EVAL` (which also caches it on that server) only when the server answers `NOSCRIPT`, e.g.
 * after a restart or on a cluster node that has not seen it yet.
 */
export async function runScript(
  connection: RedisConnection,
  script: LuaScript,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  const key = keys[0]
  const count = String(keys.length)
  try {
    return await connection.send(['evalsha', script.sha, count, ...keys, ...args], key)
  } catch (error) {
    if (!isNoScriptError(error)) throw error
    return connection.send(['eval', script.source, count, ...keys, ...args], key)
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

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

/** The start of a command running `script` on `keys` (all in one hash slot): append its ARGV. */
export function scriptCommand(script: LuaScript, keys: readonly string[]): string[] {
  return ['evalsha', script.sha, String(keys.length), ...keys]
}

/**
 * Send a `scriptCommand` in one round trip: `EVALSHA`, falling back to `EVAL` (which also caches
 * the script on that server) only when the server answers `NOSCRIPT`, e.g. after a restart or
 * on a cluster node that has not seen it yet.
 */
export async function runScript(
  connection: RedisConnection,
  script: LuaScript,
  command: string[],
): Promise<unknown> {
  const key = command[3]
  try {
    return await connection.send(command, key)
  } catch (error) {
    if (!isNoScriptError(error)) throw error
    const evalCommand = command.slice()
    evalCommand[0] = 'eval'
    evalCommand[1] = script.source
    return connection.send(evalCommand, key)
  }
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT')
}

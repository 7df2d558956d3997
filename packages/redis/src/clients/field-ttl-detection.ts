import type { FieldTtlSupport } from '@sessionkit/core/driver'
import type { RedisConnection } from './client-types.js'

/** The hash field expiry command the scripts use where the server has it (Redis >= 7.4, Valkey >= 9.0). */
const NATIVE_COMMANDS = ['HEXPIRE'] as const

/**
 * Whether the server behind `connection` expires hash fields itself: `COMMAND INFO` answers
 * null for each command it does not know. On a cluster this asks one node; all nodes of a
 * cluster are expected to run the same version.
 */
export async function detectFieldTtl(connection: RedisConnection): Promise<FieldTtlSupport> {
  const reply = await connection.send(['command', 'info', ...NATIVE_COMMANDS], undefined)
  const known = Array.isArray(reply) && reply.length === NATIVE_COMMANDS.length
  return known && reply.every((entry) => Array.isArray(entry)) ? 'native' : 'emulated'
}

import type { FieldTtlSupport } from '@sessionkit/core/driver'
import type { RedisClientLike } from './client-types.js'

/** The hash field expiry commands the native scripts use (Redis >= 7.4, Valkey >= 9.0). */
const NATIVE_COMMANDS = ['HEXPIRE', 'HPEXPIREAT', 'HPEXPIRETIME'] as const

/**
 * Whether the server behind `client` expires hash fields itself: `COMMAND INFO` answers
 * null for each command it does not know. On a cluster this asks one node; all nodes of a
 * cluster are expected to run the same version.
 */
export async function detectFieldTtl(client: RedisClientLike): Promise<FieldTtlSupport> {
  const reply = await client.call('COMMAND', 'INFO', ...NATIVE_COMMANDS)
  const known = Array.isArray(reply) && reply.length === NATIVE_COMMANDS.length
  return known && reply.every((entry) => Array.isArray(entry)) ? 'native' : 'emulated'
}

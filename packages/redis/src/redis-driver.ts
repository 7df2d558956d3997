import { SessionConfigError } from '@sessionkit/core'
import {
  DEFAULT_KEY_PREFIX,
  type DriverCapabilities,
  type FieldTtlSupport,
  type FieldWrite,
  parseOptions,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
} from '@sessionkit/core/driver'
import type { OwnedClient, RedisClientLike } from './client-types.js'
import { parseConnectionUrl } from './connection-url.js'
import { detectFieldTtl } from './field-ttl-detection.js'
import { sessionKeys } from './keys.js'
import { storedFieldsOf } from './load-reply.js'
import { type CheckedRedisOptions, type RedisOptions, redisOptionsSchema } from './options.js'
import { closeClient, lastConnectionError, openClient } from './owned-client.js'
import { fieldsArgs, patchArgs } from './patch-args.js'
import { EMULATED_SCRIPTS } from './scripts/emulated-scripts.js'
import { NATIVE_SCRIPTS } from './scripts/native-scripts.js'
import { runScript } from './scripts/script.js'
import type { ScriptSet } from './scripts/script-set.js'
import { unavailable } from './unavailable.js'

/** A Redis / Valkey `SessionDriver`, with a way to wait for its connection. */
export interface RedisSessionDriver extends SessionDriver {
  /**
   * Resolves once the server answered and per-field TTL support is known (then
   * `capabilities` is final for this connection); rejects like an operation would.
   */
  ready(): Promise<void>
}

/**
 * A `SessionDriver` keeping each session in one Redis / Valkey hash, every operation one
 * script round trip. Per-field TTL is native where the server has hash field expiry and
 * emulated otherwise (see README). With a Cluster client there is no `move` (a session's old
 * and new ids live in different slots), so core regenerates ids by create + destroy.
 * Throws `SessionConfigError` listing every problem with `options`.
 */
export function createRedisDriver(options: RedisOptions): RedisSessionDriver {
  return redisDriver(parseOptions(redisOptionsSchema, options))
}

/** The Redis driver for options `redisOptionsSchema` has checked. */
export function redisDriver(options: CheckedRedisOptions): RedisSessionDriver {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX
  const given = options.client
  let owned: OwnedClient | undefined
  const connection: Promise<RedisClientLike> = given
    ? Promise.resolve(given)
    : openOwnClient(options).then((client) => {
        owned = client
        return client
      })
  let fieldTtl: FieldTtlSupport = 'native'
  let detection: Promise<ScriptSet> | undefined
  // A new connection may reach another server version: detect again.
  const onReady = () => {
    detection = undefined
  }

  const connect = async (): Promise<{ client: RedisClientLike; scripts: ScriptSet }> => {
    const client = await connection
    detection ??= detectFieldTtl(client).then(
      (support) => {
        fieldTtl = support
        return support === 'native' ? NATIVE_SCRIPTS : EMULATED_SCRIPTS
      },
      (error: unknown) => {
        detection = undefined
        throw error
      },
    )
    return { client, scripts: await detection }
  }

  const run = async <T>(
    operation: string,
    call: (client: RedisClientLike, scripts: ScriptSet) => Promise<T>,
  ): Promise<T> => {
    try {
      const { client, scripts } = await connect()
      return await call(client, scripts)
    } catch (error) {
      throw unavailable(operation, error, owned && lastConnectionError(owned))
    }
  }

  connection.then((client) => client.on('ready', onReady)).catch(() => {})
  connect().catch(() => {})

  const driver: RedisSessionDriver = {
    get capabilities(): DriverCapabilities {
      return { fieldTtl }
    },

    ready: () => run('connect', async () => {}),

    load: (id: string, ttl: number): Promise<StoredRecord | null> =>
      run('load', async (client, scripts) => {
        const keys = sessionKeys(prefix, id)
        const touchedAt = Date.now()
        const reply = await runScript(client, scripts.load, [keys.record, keys.expiry], [ttl])
        const fields = storedFieldsOf(reply)
        return fields && { fields, expiresAt: touchedAt + ttl * 1000 }
      }),

    touch: (id: string, ttl: number) =>
      run('touch', async (client, scripts) => {
        const keys = sessionKeys(prefix, id)
        return (await runScript(client, scripts.touch, [keys.record, keys.expiry], [ttl])) === 1
      }),

    create: (id: string, fields: Readonly<Record<string, FieldWrite>>, ttl: number) =>
      run('create', async (client, scripts) => {
        const keys = sessionKeys(prefix, id)
        const args = [ttl, ...fieldsArgs(fields)]
        return (await runScript(client, scripts.create, [keys.record, keys.expiry], args)) === 1
      }),

    update: (id: string, patch: SessionPatch, ttl: number) =>
      run('update', async (client, scripts) => {
        const keys = sessionKeys(prefix, id)
        const args = [ttl, ...patchArgs(patch)]
        return (await runScript(client, scripts.update, [keys.record, keys.expiry], args)) === 1
      }),

    destroy: (id: string) =>
      run('destroy', async (client) => {
        const keys = sessionKeys(prefix, id)
        await client.del(keys.record, keys.expiry)
      }),

    async close() {
      const client = await connection.catch(() => undefined)
      client?.off('ready', onReady)
      if (client && !given) await closeClient(client as OwnedClient)
    },
  }
  if (given?.isCluster) return driver

  driver.move = (fromId, toId, patch, ttl, { deleteOld }) =>
    run('move', async (client, scripts) => {
      const from = sessionKeys(prefix, fromId)
      const to = sessionKeys(prefix, toId)
      const keys = [from.record, from.expiry, to.record, to.expiry]
      const args = [ttl, deleteOld ? '1' : '0', ...patchArgs(patch)]
      return (await runScript(client, scripts.move, keys, args)) === 1
    })
  return driver
}

function openOwnClient(options: CheckedRedisOptions): Promise<OwnedClient> {
  const target = parseConnectionUrl(options.url ?? '')
  if ('issues' in target) throw new SessionConfigError(target.issues)
  return openClient(target, options)
}

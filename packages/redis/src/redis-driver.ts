import { randomInt } from 'node:crypto'
import { SessionConfigError } from '@sessionkit/core'
import {
  DEFAULT_KEY_PREFIX,
  type DriverCapabilities,
  type FieldTable,
  type FieldTtlSupport,
  type FieldWrite,
  liveFields,
  parseOptions,
  patchedTable,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
  tableOf,
} from '@sessionkit/core/driver'
import { cachedRecord, RecordCache } from './cache/record-cache.js'
import type { RedisConnection } from './clients/client-types.js'
import { parseConnectionUrl } from './clients/connection-url.js'
import { detectFieldTtl } from './clients/field-ttl-detection.js'
import { givenConnection } from './clients/given-client.js'
import { openConnection } from './clients/owned-client.js'
import {
  type CheckedRedisOptions,
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_CACHE_MAX_ENTRIES,
  type RedisOptions,
  redisOptionsSchema,
} from './options.js'
import { OwnerIndex } from './owners/owner-index.js'
import { pushFields, pushPatch } from './patch-args.js'
import { EXPIRY_FIELD, recordKey, VERSION_FIELD } from './record/layout.js'
import {
  consumedRecordOf,
  type RecordSnapshot,
  recordOf,
  versionOf,
} from './record/record-reply.js'
import { RECORD_SCRIPTS } from './scripts/record-scripts.js'
import { type LuaScript, runScript, scriptCommand } from './scripts/script.js'
import { unavailable } from './unavailable.js'

/** A Redis / Valkey `SessionDriver`, with a way to wait for its connection. */
export interface RedisSessionDriver extends SessionDriver {
  /**
   * Resolves once the server answered and per-field TTL support is known (then
   * `capabilities` is final for this connection); rejects like an operation would.
   */
  ready(): Promise<void>
}

/** First versions of new records are drawn below this, so a reused key never meets an old version. */
const FIRST_VERSION_LIMIT = 2 ** 47

/**
 * A `SessionDriver` keeping each session in one Redis / Valkey hash. Reads are plain commands
 * (HMGET of the version when the record cache knows the session, else HGETALL); writes are one
 * script each. With a Cluster client there is no `move` (a session's old and new ids live in
 * different slots), so core regenerates ids by create + destroy. Throws `SessionConfigError`
 * listing every problem with `options`.
 */
export function createRedisDriver(options: RedisOptions): RedisSessionDriver {
  return redisDriver(parseOptions(redisOptionsSchema, options))
}

/** The Redis driver for options `redisOptionsSchema` has checked. */
export function redisDriver(options: CheckedRedisOptions): RedisSessionDriver {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX
  const given = options.client ? givenConnection(options.client) : undefined
  let opened: RedisConnection | undefined
  const connection: Promise<RedisConnection> = given
    ? Promise.resolve(given)
    : openOwnConnection(options).then((owned) => {
        opened = owned
        return owned
      })
  const cache =
    options.cache === false
      ? undefined
      : new RecordCache(
          options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
          options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES,
        )

  const owners = new OwnerIndex(prefix)
  let fieldTtl: FieldTtlSupport = 'native'
  let native = '1'
  let detection: Promise<RedisConnection> | undefined
  let live: RedisConnection | undefined
  const detect = async (): Promise<RedisConnection> => {
    const conn = await connection
    await conn.ready()
    fieldTtl = await detectFieldTtl(conn)
    native = fieldTtl === 'native' ? '1' : '0'
    live = conn
    return conn
  }
  /** The connection, once field TTL support is known (detected again after each reconnection). */
  const connect = (): Promise<RedisConnection> => {
    if (live) return Promise.resolve(live)
    detection ??= detect().catch((error: unknown) => {
      detection = undefined
      throw error
    })
    return detection
  }
  // A new connection may reach another server version: detect again.
  let stopListening: (() => void) | undefined
  connection
    .then((conn) => {
      stopListening = conn.onReconnect(() => {
        live = undefined
        detection = undefined
      })
    })
    .catch(() => {})
  connect().catch(() => {})

  const fail = (operation: string, error: unknown): never => {
    throw unavailable(operation, error, opened?.lastError())
  }

  /**
   * Read the whole record and cache it. A record with flash fields is read again by the script
   * that consumes them (`consume`: straight away, when the cache knows it has some).
   */
  const fullLoad = async (
    conn: RedisConnection,
    key: string,
    consume: boolean,
  ): Promise<StoredRecord | null> => {
    let record: RecordSnapshot | null = null
    if (!consume) {
      record = recordOf(await conn.send(['hgetall', key], key), Date.now())
      consume = record?.fields.hasFlash === true
    }
    if (consume) {
      const script = RECORD_SCRIPTS.consume
      const reply = await runScript(conn, script, scriptCommand(script, [key]))
      record = consumedRecordOf(reply, Date.now())
    }
    if (!record) {
      cache?.delete(key)
      return null
    }
    if (cache && record.version !== undefined) {
      const known = cache.peek(key)
      if (!known || known.version < record.version) {
        cache.set(key, cachedRecord(record.version, withoutFlash(record, Date.now())))
      }
    }
    return { fields: record.fields, expiresAt: record.expiresAt }
  }

  const driver: RedisSessionDriver = {
    name: 'redis',
    get capabilities(): DriverCapabilities {
      return { fieldTtl, owners: 'list' }
    },

    ready: async () => {
      try {
        await connect()
      } catch (error) {
        fail('connect', error)
      }
    },

    async load(id: string): Promise<StoredRecord | null> {
      const key = recordKey(prefix, id)
      try {
        const conn = live ?? (await connect())
        const known = cache?.get(key)
        if (known && !known.fields.hasFlash && known.nextFieldExpiry > Date.now()) {
          // The session as this storage last knew it, if the server still has that version.
          const reply = await conn.send(['hmget', key, VERSION_FIELD, EXPIRY_FIELD], key)
          const [version, expiresAt] = reply as [string | null, string | null]
          if (version === null) {
            cache?.delete(key)
            return null
          }
          if (Number(version) === known.version) {
            return {
              fields: known.fields,
              expiresAt: expiresAt === null ? Date.now() : Number(expiresAt),
            }
          }
        }
        return await fullLoad(conn, key, known?.fields.hasFlash === true)
      } catch (error) {
        return fail('load', error)
      }
    },

    async touch(id: string, ttl: number, owner?: string): Promise<boolean> {
      const key = recordKey(prefix, id)
      try {
        const conn = live ?? (await connect())
        const now = Date.now()
        const command = scriptCommand(RECORD_SCRIPTS.touch, [key])
        command.push(String(ttl * 1000), EXPIRY_FIELD, String(now + ttl * 1000))
        // The index step (when due) is sent first, in the same round trip (owners/owner-index.ts).
        const indexing = owner === undefined ? undefined : owners.add(conn, owner, id, ttl, now)
        const touching = runScript(conn, RECORD_SCRIPTS.touch, command)
        const reply = indexing ? (await Promise.all([indexing, touching]))[1] : await touching
        if (reply === 1) return true
        if (owner !== undefined) await owners.remove(conn, owner, [id])
        return false
      } catch (error) {
        return fail('touch', error)
      }
    },

    async create(
      id: string,
      fields: Readonly<Record<string, FieldWrite>>,
      ttl: number,
      owner?: string,
    ) {
      const key = recordKey(prefix, id)
      try {
        const conn = live ?? (await connect())
        const now = Date.now()
        // Indexed before it exists: a crash in between leaves a stale entry, not a live
        // session that no revocation can find.
        if (owner !== undefined && ((await owners.add(conn, owner, id, ttl, now)) ?? 0) > 0) {
          await owners.prune(conn, owner, now)
        }
        const version = randomInt(1, FIRST_VERSION_LIMIT)
        const command = writeCommand(RECORD_SCRIPTS.create, key, ttl, now, native)
        const extra = [VERSION_FIELD, String(version), EXPIRY_FIELD, String(now + ttl * 1000)]
        pushFields(command, fields, extra)
        if (versionOf(await runScript(conn, RECORD_SCRIPTS.create, command)) === null) return false
        if (cache) {
          cache.set(key, cachedRecord(version, tableOf(fields, now)))
        }
        return true
      } catch (error) {
        return fail('create', error)
      }
    },

    async update(id: string, patch: SessionPatch, ttl: number, owner?: string) {
      const key = recordKey(prefix, id)
      try {
        const conn = live ?? (await connect())
        const now = Date.now()
        const command = writeCommand(RECORD_SCRIPTS.update, key, ttl, now, native)
        pushPatch(command, patch, [EXPIRY_FIELD, String(now + ttl * 1000)])
        const indexing = owner === undefined ? undefined : owners.add(conn, owner, id, ttl, now)
        const updating = runScript(conn, RECORD_SCRIPTS.update, command)
        const reply = indexing ? (await Promise.all([indexing, updating]))[1] : await updating
        const version = versionOf(reply)
        if (version === null) {
          cache?.delete(key)
          if (owner !== undefined) await owners.remove(conn, owner, [id])
          return false
        }
        // The cache follows the write when it knew the version just before it, else forgets.
        const known = cache?.peek(key)
        if (known && known.version === version - 1) {
          cache?.set(key, cachedRecord(version, patchedTable(known.fields, patch, now)))
        } else cache?.delete(key)
        return true
      } catch (error) {
        return fail('update', error)
      }
    },

    async destroy(id: string, owner?: string) {
      const key = recordKey(prefix, id)
      cache?.delete(key)
      try {
        const conn = live ?? (await connect())
        await Promise.all([
          conn.send(['del', key], key),
          owner === undefined ? undefined : owners.remove(conn, owner, [id]),
        ])
      } catch (error) {
        fail('destroy', error)
      }
    },

    async listOwnerSessions(owner: string) {
      try {
        return await owners.list(live ?? (await connect()), owner)
      } catch (error) {
        return fail('list sessions', error)
      }
    },

    async revokeOwnerSession(owner: string, id: string) {
      try {
        const conn = live ?? (await connect())
        if (!(await owners.has(conn, owner, id))) return false
        const [revoked] = await revoke(conn, owner, [id])
        return revoked === true
      } catch (error) {
        return fail('revoke session', error)
      }
    },

    async revokeOwnerSessions(owner: string, exceptId?: string) {
      try {
        const conn = live ?? (await connect())
        const ids = (await owners.members(conn, owner)).filter((id) => id !== exceptId)
        return (await revoke(conn, owner, ids)).filter(Boolean).length
      } catch (error) {
        return fail('revoke sessions', error)
      }
    },

    async ownerIndexSize(owner: string) {
      try {
        return await owners.size(live ?? (await connect()), owner)
      } catch (error) {
        return fail('owner index size', error)
      }
    },

    async *scan() {
      const conn = await connect().catch((error: unknown) => fail('scan', error))
      const pattern = `${escapeGlob(prefix)}{*}`
      for (const server of await conn.eachServer()) {
        const seen = new Set<string>()
        let cursor = '0'
        do {
          const reply = (await server(['scan', cursor, 'MATCH', pattern, 'COUNT', '500']).catch(
            (error: unknown) => fail('scan', error),
          )) as [unknown, unknown[]]
          cursor = String(reply[0])
          for (const key of reply[1]) {
            const id = storageIdOfKey(prefix, String(key))
            if (id !== undefined && !seen.has(id)) {
              seen.add(id)
              yield id
            }
          }
        } while (cursor !== '0')
      }
    },

    async close() {
      const conn = await connection.catch(() => undefined)
      stopListening?.()
      await conn?.close()
    },
  }
  /**
   * Delete the records `ids` of `owner`, then take out of the index those that existed: one
   * that did not may be a login between its index step and its record (it then survives,
   * listed), or a session already gone (pruned later). Whether each existed.
   */
  const revoke = async (conn: RedisConnection, owner: string, ids: readonly string[]) => {
    const deleted = await Promise.all(
      ids.map((id) => {
        const key = recordKey(prefix, id)
        cache?.delete(key)
        return conn.send(['del', key], key).then((count) => Number(count) === 1)
      }),
    )
    await owners.remove(
      conn,
      owner,
      ids.filter((_, i) => deleted[i]),
    )
    return deleted
  }

  if (given?.isCluster) return driver

  driver.move = async (fromId, toId, patch, ttl, { deleteOld, owner }) => {
    const from = recordKey(prefix, fromId)
    const to = recordKey(prefix, toId)
    try {
      const conn = live ?? (await connect())
      const now = Date.now()
      if (owner !== undefined) await owners.add(conn, owner, toId, ttl, now)
      const command = scriptCommand(RECORD_SCRIPTS.move, [from, to])
      command.push(String(ttl * 1000), String(now), native, deleteOld ? '1' : '0')
      pushPatch(command, patch, [EXPIRY_FIELD, String(now + ttl * 1000)])
      const version = versionOf(await runScript(conn, RECORD_SCRIPTS.move, command))
      const source = cache?.peek(from)
      if (deleteOld || version === null) cache?.delete(from)
      if (owner !== undefined) {
        await owners.remove(conn, owner, version === null ? [toId] : deleteOld ? [fromId] : [])
      }
      if (version === null) return false
      if (source && source.version === version - 1) {
        cache?.set(to, cachedRecord(version, patchedTable(source.fields, patch, now)))
      }
      return true
    } catch (error) {
      return fail('move', error)
    }
  }
  return driver
}

/** The start of a write script's command: its key, then TTL (ms), time (ms) and `native`. */
function writeCommand(
  script: LuaScript,
  key: string,
  ttl: number,
  now: number,
  native: string,
): string[] {
  const command = scriptCommand(script, [key])
  command.push(String(ttl * 1000), String(now), native)
  return command
}

/** The fields of a record as it stands once its flash fields were consumed. */
function withoutFlash(record: RecordSnapshot, now: number): FieldTable {
  return record.fields.hasFlash ? liveFields(record.fields, now, false) : record.fields
}

function openOwnConnection(options: CheckedRedisOptions): Promise<RedisConnection> {
  const target = parseConnectionUrl(options.url ?? '')
  if ('issues' in target) throw new SessionConfigError(target.issues)
  return openConnection(target, options)
}

/** `text` with Redis glob's special characters escaped, to match it literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}

/** The storage id in a record key `prefix{id}` (see `recordKey`), or undefined for another key. */
function storageIdOfKey(prefix: string, key: string): string | undefined {
  if (!key.startsWith(`${prefix}{`) || !key.endsWith('}')) return undefined
  return key.slice(prefix.length + 1, -1)
}

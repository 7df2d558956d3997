import { SessionStorageUnavailableError } from '@sessionkit/core'
import {
  DEFAULT_KEY_PREFIX,
  DEFAULT_OPERATION_TIMEOUT,
  DEFAULT_SESSION_TTL,
  FieldTableDraft,
  type FieldWrite,
  isFlashField,
  LIFETIME_FIELD,
  liveFields,
  parseOptions,
  patchedTable,
  type SessionDriver,
  type SessionPatch,
  type StoredRecord,
  tableOf,
} from '@sessionkit/core/driver'
import { Client } from 'memjs'
import { ItemStore, type ReadItem, type WriteResult } from './item-store.js'
import { LoadedItems } from './loaded-items.js'
import { createMemjsServer } from './network/memjs-server.js'
import { ServerChangedError, ServerPool } from './network/server-pool.js'
import {
  type CheckedMemcacheOptions,
  MEMCACHE_DEFAULTS,
  type MemcacheOptions,
  memcacheOptionsSchema,
} from './options.js'
import {
  GENERATION_STAMP_FIELD,
  isValidStamp,
  newToken,
  OWNER_STAMP_FIELD,
  OwnerGenerations,
  OwnerHints,
} from './owners/owner-generations.js'
import type { ItemFields } from './session-item.js'

/** Most read-modify-CAS rounds one operation makes before giving up under contention. */
export const MAX_CAS_ATTEMPTS = 100

/** The draft the driver's own field changes are written through, one after another. */
const draft = new FieldTableDraft()

/** `fields` tied to `owner`, stamped with the owner's generation `token`. */
function withOwner(fields: ItemFields, owner: string, token: string): ItemFields {
  return draft
    .begin(fields)
    .set(OWNER_STAMP_FIELD, { value: owner })
    .set(GENERATION_STAMP_FIELD, { value: token })
    .done()
}

/** After the n-th lost CAS race, wait a random 0 to min(2^n, 32) ms so racers spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** attempt, 32)
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Counters of what a memcache driver had to do beyond the plain path. */
export interface MemcacheDriverStats {
  /** Saves that lost a CAS race (or their server) and re-read the session to apply their patch. */
  readonly updateRetries: number
  /** Loads that lost the race to consume a flash and read the session again. */
  readonly loadRetries: number
  /** Moves that found the old session changed before deleting it and copied it again. */
  readonly moveRetries: number
  /** Times a server was marked down and skipped (failover). */
  readonly serversMarkedDown: number
}

/** A memcached `SessionDriver`, plus what it can tell about itself. */
export interface MemcacheDriver extends SessionDriver {
  /** Counters since creation. */
  stats(): MemcacheDriverStats
  /** `host:port` of the server that storage id `id` goes to now (undefined: all down). */
  serverFor(id: string): string | undefined
}

/**
 * A `SessionDriver` storing each session as one memcached item (its fields, verbatim, and
 * their expiry times) on the server a ketama ring picks for its key. Reads are one
 * get-and-touch; flash consumption and saves are CAS read-modify-write loops, a save starting
 * from the item and CAS its request's load read (see `LoadedItems`); field TTLs are emulated.
 * Throws one `SessionConfigError` listing every invalid option.
 */
export function createMemcacheDriver(options: MemcacheOptions): MemcacheDriver {
  return memcacheDriver(parseOptions(memcacheOptionsSchema, options))
}

/** The memcache driver for options `memcacheOptionsSchema` has checked. */
export function memcacheDriver(options: CheckedMemcacheOptions): MemcacheDriver {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX
  const failover = options.failover ?? MEMCACHE_DEFAULTS.failover
  // With failover, a server silent for half the operation timeout counts as down, leaving the
  // other half for the next server on the ring.
  const operationTimeout = options.timeout ?? DEFAULT_OPERATION_TIMEOUT
  const timeout = failover ? Math.max(1, Math.floor(operationTimeout / 2)) : operationTimeout
  const ownsClient = options.client === undefined
  const client = options.client ?? createClient(options, timeout)
  const pool = new ServerPool(client, {
    timeout,
    retries: options.retries ?? MEMCACHE_DEFAULTS.retries,
    failover,
    failoverRetryDelay: options.failoverRetryDelay ?? MEMCACHE_DEFAULTS.failoverRetryDelay,
  })
  const items = new ItemStore(pool.send, options.itemSizeLimit ?? MEMCACHE_DEFAULTS.itemSizeLimit)
  const loaded = new LoadedItems()
  const counters = { updateRetries: 0, loadRetries: 0, moveRetries: 0 }
  const generations = new OwnerGenerations(pool.send, prefix)
  const hints = new OwnerHints()

  /** The owner of a session item, or undefined for one without. */
  const ownerOf = (item: ReadItem) => item.fields.get(OWNER_STAMP_FIELD)?.value

  /** Whether `item` (of `owner`) is still valid under the owner's `token`. */
  const stillValid = (item: ReadItem, token: string | null) =>
    isValidStamp(item.fields.get(GENERATION_STAMP_FIELD)?.value, token)

  /** Tie `fields` (of a session not owned yet) to `owner`, stamped with its current token. */
  const stamp = async (fields: ItemFields, owner: string) =>
    withOwner(fields, owner, await generations.ensure(owner))

  /** A session found revoked: delete its item (best effort) and forget it. */
  const dropRevoked = async (id: string) => {
    loaded.take(id)
    hints.delete(id)
    await items.delete(prefix + id).catch(() => undefined)
  }

  /**
   * Write `fields` (a new version of `item`'s) over the version `item` was read as: the result,
   * or undefined when the item's server no longer serves the key (failover): the caller reads it
   * again where it lives now.
   */
  const casWrite = (
    key: string,
    fields: ItemFields,
    item: ReadItem,
    ttl: number,
  ): Promise<WriteResult | undefined> =>
    items
      .write(key, fields, ttl, { mode: 'set', version: item.version, replacing: item.stored })
      .catch(serverChanged)

  const exhausted = (operation: string, key: string) =>
    new SessionStorageUnavailableError(
      `memcached ${operation} of "${key}" gave up after ${MAX_CAS_ATTEMPTS} CAS conflicts`,
    )

  /** Stamp the session `id` of `owner`, if valid now, as valid under `next` too. */
  const keepAcross = async (owner: string, id: string, next: string) => {
    const key = prefix + id
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const [item, token] = await Promise.all([items.read(key), generations.current(owner)])
      if (!item || ownerOf(item) !== owner || !stillValid(item, token)) return
      const fields = draft
        .begin(item.fields)
        .set(GENERATION_STAMP_FIELD, { value: `${token} ${next}` })
        .done()
      // The session was just used (its request asks for this): its lifetime starts again.
      const lifetime = Number(fields.get(LIFETIME_FIELD)?.value)
      const ttl = lifetime > 0 ? lifetime : (options.ttl ?? DEFAULT_SESSION_TTL)
      const result = await casWrite(key, fields, item, ttl)
      loaded.take(id)
      if (result && result.status !== 'exists') return
      if (result) await backoff(attempt)
    }
    throw exhausted('revoke', key)
  }

  return {
    name: 'memcache',
    capabilities: { fieldTtl: 'emulated', owners: 'revoke-all' },

    // One GAT; only when flashes are present, a CAS write removes them (a loser re-reads).
    // The item read (or written) is kept for the save that may follow.
    // An owned session is checked against its owner's generation: fetched beside the item
    // when this driver knows the owner already, else right after it.
    async load(id: string, ttl: number): Promise<StoredRecord | null> {
      const key = prefix + id
      const hinted = hints.get(id)
      let generation = hinted === undefined ? undefined : generations.current(hinted)
      generation?.catch(() => undefined)
      let checked = false
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
        const touchedAt = Date.now()
        const item = await items.readAndTouch(key, ttl)
        if (!item) return null
        const owner = ownerOf(item)
        if (owner !== undefined && !checked) {
          if (owner !== hinted) generation = generations.current(owner)
          if (!stillValid(item, (await generation) ?? null)) {
            await dropRevoked(id)
            return null
          }
          hints.set(id, owner)
          checked = true
        }
        // The fields are the caller's as decoded (never changed: a write makes new ones), unless
        // some expired or are flashes (then the item is written back without them).
        const now = Date.now()
        const { expired, flashes } = survey(item.fields, now)
        const fields = expired ? liveFields(item.fields, now, true) : item.fields
        const live: StoredRecord = { fields, expiresAt: touchedAt + ttl * 1000 }
        if (!flashes) {
          loaded.keep(id, expired ? { ...item, fields } : item)
          return live
        }
        const kept = liveFields(item.fields, now, false)
        const result = await casWrite(key, kept, item, ttl)
        if (result?.status === 'stored') {
          loaded.keep(id, { fields: kept, version: result.version, stored: result.stored })
          return live
        }
        if (result?.status === 'not-found') return null
        counters.loadRetries++
        if (result) await backoff(attempt)
      }
      throw exhausted('load', key)
    },

    async create(
      id: string,
      fields: Readonly<Record<string, FieldWrite>>,
      ttl: number,
      owner?: string,
    ) {
      let item = tableOf(fields, Date.now())
      // A revocation after this reads the token revokes the session; one before, not.
      if (owner !== undefined) {
        item = await stamp(item, owner)
        hints.set(id, owner)
      }
      return (await items.write(prefix + id, item, ttl, { mode: 'add' })).status === 'stored'
    },

    // Patch the item this request's load read (else GET it) and write it with its CAS; on a
    // conflict re-read and re-apply the same patch.
    // An owned session's generation is checked in the same round trip as the write: a session
    // revoked since its load is deleted and reported gone (a late save never revives it).
    async update(id: string, patch: SessionPatch, ttl: number, owner?: string) {
      const key = prefix + id
      let item: ReadItem | null | undefined = loaded.take(id)
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
        const racing = item === undefined // a conflict right after a read: others are writing
        item ??= await items.read(key)
        if (!item) return false
        let fields = patchedTable(item.fields, patch, Date.now())
        const stamped = ownerOf(item)
        if (stamped === undefined && owner !== undefined) fields = await stamp(fields, owner)
        const writing = casWrite(key, fields, item, ttl)
        let result: WriteResult | undefined
        if (stamped === undefined) result = await writing
        else {
          let token: string | null
          ;[result, token] = await Promise.all([writing, generations.current(stamped)])
          if (!stillValid(item, token)) {
            await dropRevoked(id)
            return false
          }
        }
        if (result && result.status !== 'exists') return result.status === 'stored'
        item = undefined
        counters.updateRetries++
        if (result && racing) await backoff(attempt)
      }
      throw exhausted('update', key)
    },

    // Not atomic on memcached: the old and the new key may live on different servers. The old
    // item is deleted only if unchanged since it was copied (CAS); otherwise it is copied again.
    async move(fromId, toId, patch, ttl, { deleteOld, owner }) {
      const fromKey = prefix + fromId
      const toKey = prefix + toId
      loaded.take(fromId)
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
        const item = await items.read(fromKey)
        if (!item) return attempt > 1
        const stamped = ownerOf(item)
        if (stamped !== undefined && !stillValid(item, await generations.current(stamped))) {
          await dropRevoked(fromId)
          return false
        }
        let fields = patchedTable(item.fields, patch, Date.now())
        if (stamped === undefined && owner !== undefined) fields = await stamp(fields, owner)
        if (stamped ?? owner) hints.set(toId, (stamped ?? owner) as string)
        const mode = attempt === 1 ? 'add' : 'set'
        if ((await items.write(toKey, fields, ttl, { mode })).status !== 'stored') return false
        if (!deleteOld) return true
        const deleted = await items.delete(fromKey, item.version).catch(serverChanged)
        if (deleted !== 'exists' && deleted !== undefined) return true
        counters.moveRetries++
        if (deleted) await backoff(attempt)
      }
      throw exhausted('move', fromKey)
    },

    touch: (id: string, ttl: number) => items.touch(prefix + id, ttl),

    async destroy(id: string) {
      loaded.take(id)
      hints.delete(id)
      await items.delete(prefix + id)
    },

    // A new token revokes every session stamped with the current one. The session kept is
    // first stamped valid under both tokens, so that it stays valid across the switch.
    async revokeOwnerSessions(owner: string, exceptId?: string) {
      const next = newToken()
      if (exceptId !== undefined) await keepAcross(owner, exceptId, next)
      await generations.renew(owner, next)
      return 0
    },

    async close() {
      pool.close()
      if (ownsClient) client.close()
    },

    stats: () => ({ ...counters, serversMarkedDown: pool.serversMarkedDown }),

    serverFor: (id: string) => pool.serverFor(prefix + id),
  }
}

/** Undefined for a `ServerChangedError`; any other error is thrown again. */
function serverChanged(error: unknown): undefined {
  if (error instanceof ServerChangedError) return undefined
  throw error
}

function createClient(options: CheckedMemcacheOptions, timeout: number): Client {
  const seconds = timeout / 1000
  const serverOptions = { timeout: seconds, conntimeout: seconds, keepAlive: true }
  const { username, password } = options
  const credentials = username && password ? { username, password } : undefined
  const servers = (options.servers ?? []).map((address) =>
    createMemjsServer(address, credentials, serverOptions),
  )
  // Routing, retries and failover are the ServerPool's; memjs's own are never used.
  return new Client(servers, { retries: 1, failover: false, logger: { log: () => {} } })
}

/** Whether some of `fields` expired at `now` (epoch ms), and whether some live one is a flash. */
function survey(fields: ItemFields, now: number): { expired: boolean; flashes: boolean } {
  const found = { expired: false, flashes: false }
  fields.forEach((field, name) => {
    if (field.expiresAt !== undefined && field.expiresAt <= now) found.expired = true
    else if (!found.flashes && isFlashField(name)) found.flashes = true
  })
  return found
}

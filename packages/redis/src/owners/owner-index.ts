import { hash } from 'node:crypto'
import type { OwnedRecord } from '@sessionkit/core/driver'
import type { RedisConnection } from '../clients/client-types.js'
import { recordKey } from '../record/layout.js'
import { recordOf } from '../record/record-reply.js'
import { defineScript, runScript, scriptCommand } from '../scripts/script.js'

/**
 * The owner index: one sorted set per owner, `prefix + 'owner:{' + SHA-256(owner) + '}'` (the
 * owner id itself, often an e-mail address, is never in a key name; the hash tag gives the
 * index a cluster slot of its own). Members are the storage ids of the owner's sessions,
 * scored by when the session expires, as an upper bound: each write raises it (ZADD GT) in the
 * same round trip as the record's own write, and the set's TTL follows its longest score.
 *
 * Nothing here trusts a score to drop a member: a member is removed only once its record is
 * found gone (destroyed, expired, revoked), so a write whose index step was lost (a crash, a
 * failed command) can leave a stale entry, never a live session out of the index.
 */

/** Most members whose score has passed that one login checks and prunes. */
const PRUNE_BATCH = 100

/**
 * Share of a session's TTL added to its score: the saves and refreshes that follow within it
 * need no index write (the score and the set's TTL already cover them).
 */
const SCORE_SLACK = 0.1

/** Most sessions whose indexed-until time a driver remembers. */
const MAX_KNOWN = 10_000

/**
 * Adds or raises a member and keeps the set alive at least as long; returns how many members'
 * scores have passed (worth a prune). KEYS: index; ARGV: member, expiry ms, ttl ms, now ms.
 */
const ADD = defineScript(
  'owner-add',
  `
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
local ttl = tonumber(ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return redis.call('ZCOUNT', KEYS[1], '-inf', ARGV[4])
`,
)

/** The key of `owner`'s index under `prefix`. */
export function ownerIndexKey(prefix: string, owner: string): string {
  return `${prefix}owner:{${hash('sha256', owner, 'base64url')}}`
}

/** The owner index operations of one driver. */
export class OwnerIndex {
  /**
   * Until when this driver's last index write for each session covers it (epoch ms), oldest
   * first out: a lower bound, as scores and the set's TTL only ever grow.
   */
  private readonly indexedUntil = new Map<string, number>()

  constructor(private readonly prefix: string) {}

  /**
   * Index `id` for `owner` as living `ttl` seconds from `now` (or raise its score); nothing to
   * send when this driver's last write for it, with its slack, still covers that.
   */
  add(
    conn: RedisConnection,
    owner: string,
    id: string,
    ttl: number,
    now: number,
  ): Promise<number> | undefined {
    const until = now + ttl * 1000
    if ((this.indexedUntil.get(id) ?? 0) >= until) return undefined
    const slack = Math.max(1000, ttl * 1000 * SCORE_SLACK)
    const key = ownerIndexKey(this.prefix, owner)
    const command = scriptCommand(ADD, [key])
    // The set outlives its longest score by a moment: the record's TTL starts after this.
    command.push(id, String(until + slack), String(ttl * 1000 + slack + 2000), String(now))
    return runScript(conn, ADD, command).then((due) => {
      this.remember(id, until + slack)
      return Number(due)
    })
  }

  private remember(id: string, until: number): void {
    this.indexedUntil.delete(id)
    this.indexedUntil.set(id, until)
    if (this.indexedUntil.size > MAX_KNOWN) {
      const oldest = this.indexedUntil.keys().next().value
      if (oldest !== undefined) this.indexedUntil.delete(oldest)
    }
  }

  /** Remove `ids` from `owner`'s index. */
  async remove(conn: RedisConnection, owner: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) this.indexedUntil.delete(id)
    if (ids.length === 0) return
    const key = ownerIndexKey(this.prefix, owner)
    await conn.send(['zrem', key, ...ids], key)
  }

  /**
   * Remove, among at most `PRUNE_BATCH` members whose score has passed, those whose record is
   * gone; raise the score of those still alive (their index step was lost).
   */
  async prune(conn: RedisConnection, owner: string, now: number): Promise<void> {
    const key = ownerIndexKey(this.prefix, owner)
    const due = (await conn.send(
      ['zrangebyscore', key, '-inf', String(now), 'LIMIT', '0', String(PRUNE_BATCH)],
      key,
    )) as string[]
    const ttls = await Promise.all(
      due.map((id) => {
        const record = recordKey(this.prefix, id)
        return conn.send(['pttl', record], record) as Promise<number>
      }),
    )
    // PTTL: -2 when the key does not exist.
    const gone = due.filter((_, i) => Number(ttls[i]) === -2)
    await this.remove(conn, owner, gone)
    await Promise.all(
      due.map((id, i) => {
        const ttl = Number(ttls[i])
        return ttl > 0 ? this.add(conn, owner, id, Math.ceil(ttl / 1000), now) : undefined
      }),
    )
  }

  /** The live sessions of `owner`, pruning the index of those gone. */
  async list(conn: RedisConnection, owner: string): Promise<OwnedRecord[]> {
    const key = ownerIndexKey(this.prefix, owner)
    const ids = (await conn.send(['zrange', key, '0', '-1'], key)) as string[]
    const now = Date.now()
    const records = await Promise.all(
      ids.map((id) => {
        const record = recordKey(this.prefix, id)
        return conn.send(['hgetall', record], record).then((reply) => recordOf(reply, now))
      }),
    )
    const list: OwnedRecord[] = []
    const gone: string[] = []
    ids.forEach((id, i) => {
      const record = records[i]
      if (record) list.push({ id, fields: record.fields, expiresAt: record.expiresAt })
      else gone.push(id)
    })
    await this.remove(conn, owner, gone)
    return list
  }

  /** Whether `id` is in `owner`'s index. */
  async has(conn: RedisConnection, owner: string, id: string): Promise<boolean> {
    const key = ownerIndexKey(this.prefix, owner)
    return (await conn.send(['zscore', key, id], key)) !== null
  }

  /** The members of `owner`'s index. */
  members(conn: RedisConnection, owner: string): Promise<string[]> {
    const key = ownerIndexKey(this.prefix, owner)
    return conn.send(['zrange', key, '0', '-1'], key) as Promise<string[]>
  }

  /** How many members `owner`'s index holds. */
  async size(conn: RedisConnection, owner: string): Promise<number> {
    const key = ownerIndexKey(this.prefix, owner)
    return Number(await conn.send(['zcard', key], key))
  }
}

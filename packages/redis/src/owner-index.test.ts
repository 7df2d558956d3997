import type { Session, SessionStorage } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rawClient, uniqueTestPrefix } from '../test-support/redis-targets.js'
import { ownerIndexKey } from './owners/owner-index.js'
import { recordKey } from './record/layout.js'
import { createRedisSessionStorage } from './redis-storage.js'

// The owner index on a real Redis 8: its key layout, and what a crash between the index step
// and the record step leaves behind, written by hand, then tolerated by the readers.
describe('owner index on Redis 8', () => {
  let server: TestServer
  let raw: Redis
  let prefix: string
  let storage: SessionStorage

  beforeAll(async () => {
    server = await startRedisServer('redis8')
    raw = rawClient(server)
  })
  beforeEach(async () => {
    prefix = uniqueTestPrefix()
    storage = createRedisSessionStorage({ url: server.url, prefix, ttl: 600 })
    await storage.ready()
  })
  afterEach(async () => {
    await storage.close()
  })
  afterAll(async () => {
    await raw?.quit()
    await server?.stop()
  })

  const login = async (owner: string): Promise<Session> => {
    const session = await storage.read(null)
    session.setOwner(owner)
    session.set('user', owner)
    await storage.save(session)
    return session
  }
  const handleOf = (session: Session) => storageIdOf(session.id)

  it('is one sorted set per owner, named by a hash of the owner, scored by expiry, with a TTL', async () => {
    const owner = 'ada@example.com'
    const session = await login(owner)
    const key = ownerIndexKey(prefix, owner)
    // The owner's '@' and '.' cannot appear by chance in the random hex prefix or in a hash.
    expect(key).not.toContain(owner)
    expect(key.slice(prefix.length)).toMatch(/^owner:\{[\w-]{43}\}$/)
    const [member, score] = await raw.zrange(key, '0', '-1', 'WITHSCORES')
    expect(member).toBe(handleOf(session))
    const expiresAt = Number(await raw.hget(recordKey(prefix, handleOf(session)), '__sk:d:x'))
    expect(Number(score)).toBeGreaterThanOrEqual(expiresAt)
    expect(await raw.pttl(key)).toBeGreaterThanOrEqual(600_000)
  })

  it('a member whose record never came (crash after the index step) is not listed, then pruned', async () => {
    const owner = 'grace'
    const live = await login(owner)
    const key = ownerIndexKey(prefix, owner)
    const ghost = storageIdOf('never-created-session-id-0000000')
    await raw.zadd(key, Date.now() + 600_000, ghost)
    const listed = await storage.listSessions(owner)
    expect(listed.map((info) => info.handle)).toEqual([handleOf(live)])
    expect(await raw.zrange(key, '0', '-1')).toEqual([handleOf(live)])
  })

  it('a live member with a stale score (lost index step) is kept and rescored by a login, and still revoked', async () => {
    const owner = 'linus'
    const stale = await login(owner)
    const key = ownerIndexKey(prefix, owner)
    await raw.zadd(key, 'XX', 1, handleOf(stale))
    // Another login prunes members whose score has passed: this one's record is alive.
    const other = createRedisSessionStorage({ url: server.url, prefix, ttl: 600 })
    try {
      const session = await other.read(null)
      session.setOwner(owner)
      session.set('n', 1)
      await other.save(session)
      expect(await raw.zscore(key, handleOf(stale))).not.toBe('1')
      expect(Number(await raw.zscore(key, handleOf(stale)))).toBeGreaterThan(Date.now())
      expect(await raw.zcard(key)).toBe(2)
      await other.revokeAllSessions(owner)
      expect((await storage.read(stale.id)).isNew).toBe(true)
      expect((await other.read(session.id)).isNew).toBe(true)
      expect(await raw.exists(key)).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('a handle of another owner is refused and its session left alone', async () => {
    const ada = await login('ada')
    await login('bob')
    expect(await storage.revokeSession('bob', handleOf(ada))).toBe(false)
    expect((await storage.read(ada.id)).isNew).toBe(false)
  })
})

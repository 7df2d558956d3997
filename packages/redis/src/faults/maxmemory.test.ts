import { type Session, type SessionStorage, SessionStorageUnavailableError } from '@sessionkit/core'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawClient, uniqueTestPrefix } from '../../test-support/redis-targets.js'
import { createRedisSessionStorage } from '../redis-storage.js'

// Redis 8 with maxmemory 4 MiB, written well past it with sessions of about 1 KiB (8 keys).

const MAXMEMORY = 4 * 1024 * 1024
const FIELDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
/** About three times what fits. */
const SESSIONS = 9_000
const BATCH = 300

const versionValue = (version: number) => `${version}:${'x'.repeat(120)}`

/** How a stored session reads: 'whole' (every key of one version), 'new' or 'partial'. */
function stateOf(session: Session): 'whole' | 'new' | 'partial' {
  if (session.isNew) return session.keys().length === 0 ? 'new' : 'partial'
  const values = new Set(FIELDS.map((field) => session.get(field)))
  return values.size === 1 && typeof [...values][0] === 'string' ? 'whole' : 'partial'
}

/** Save `count` new sessions in batches; their cookies, and how many saves failed (typed). */
async function fill(storage: SessionStorage, count: number) {
  const cookies: string[] = []
  let refused = 0
  for (let done = 0; done < count; done += BATCH) {
    await Promise.all(
      Array.from({ length: BATCH }, async () => {
        const session = await storage.read(null)
        for (const field of FIELDS) session.set(field, versionValue(0))
        try {
          cookies.push(String(await storage.save(session)))
        } catch (error) {
          expect(error).toBeInstanceOf(SessionStorageUnavailableError)
          expect(String(error)).toMatch(/OOM/)
          refused++
        }
      }),
    )
  }
  return { cookies, refused }
}

/** Read every cookie; how many read whole, as new, and partial. */
async function census(storage: SessionStorage, cookies: readonly string[]) {
  const counts = { whole: 0, new: 0, partial: 0 }
  for (const cookie of cookies) counts[stateOf(await storage.read(cookie))]++
  return counts
}

describe.each(['volatile-lru', 'allkeys-lru'])('maxmemory with %s', (policy) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer('redis8', { maxmemory: MAXMEMORY, maxmemoryPolicy: policy })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('evicts whole sessions: an evicted one reads as new, never partial, and saves again', async () => {
    const storage = createRedisSessionStorage({ url: server.url, prefix: uniqueTestPrefix() })
    const { cookies, refused } = await fill(storage, SESSIONS)
    const counts = await census(storage, cookies)
    console.log(
      `maxmemory 4 MiB, ${policy}: ${SESSIONS} sessions of ~1 KiB saved (${refused} refused); ` +
        `afterwards ${counts.whole} whole, ${counts.new} evicted (read as new), ${counts.partial} partial`,
    )
    expect(refused).toBe(0)
    expect(counts.partial).toBe(0)
    expect(counts.new).toBeGreaterThan(SESSIONS / 3)
    expect(counts.whole).toBeGreaterThan(0)
    // An evicted session's user gets a new one, which is stored as usual.
    let session = await storage.read(cookies[0] ?? '')
    for (let i = 1; !session.isNew; i++) session = await storage.read(cookies[i] ?? '')
    session.set('again', true)
    const cookie = String(await storage.save(session))
    expect((await storage.read(cookie)).get('again')).toBe(true)
    await storage.close()
  }, 120_000)
})

describe('maxmemory with noeviction', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer('redis8', {
      maxmemory: MAXMEMORY,
      maxmemoryPolicy: 'noeviction',
    })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('refuses saves once full, typed, keeping every stored session whole', async () => {
    const storage = createRedisSessionStorage({ url: server.url, prefix: uniqueTestPrefix() })
    const { cookies, refused } = await fill(storage, SESSIONS)
    // Updates of stored sessions while full: applied whole or refused whole. (Redis lets them
    // through: their script's first write is a PEXPIRE, which never needs memory, and a script
    // that has written is then let finish, to stay atomic; so memory can exceed maxmemory.)
    let updatesRefused = 0
    for (const cookie of cookies.slice(0, 500)) {
      const session = await storage.read(cookie)
      for (const field of FIELDS) session.set(field, `${versionValue(1)}${'y'.repeat(200)}`)
      await storage.save(session).catch((error: unknown) => {
        expect(error).toBeInstanceOf(SessionStorageUnavailableError)
        updatesRefused++
      })
    }
    const counts = await census(storage, cookies)
    const raw = rawClient(server)
    const memory = String(await raw.call('INFO', 'memory'))
    raw.disconnect()
    const used = Number(/used_memory:(\d+)/.exec(memory)?.[1])
    console.log(
      `maxmemory 4 MiB, noeviction: ${SESSIONS - refused} of ${SESSIONS} new sessions stored, ` +
        `${refused} refused with OOM (typed); ${updatesRefused} of 500 updates adding 1.6 KiB ` +
        `each refused; afterwards ${counts.whole} whole, ${counts.new} gone, ${counts.partial} ` +
        `partial; used_memory ${(used / 1024 / 1024).toFixed(2)} MiB`,
    )
    expect(refused).toBeGreaterThan(0)
    expect(counts).toEqual({ whole: cookies.length, new: 0, partial: 0 })
    // Reads keep working while full.
    expect((await storage.read(cookies[0] ?? '')).isNew).toBe(false)
    await storage.close()
  }, 120_000)
})

import { formatLatency, summarizeLatency } from '@sessionkit/conformance/faults'
import { SessionStorageUnavailableError } from '@sessionkit/core'
import { storageIdOf } from '@sessionkit/core/driver'
import { startRedisCluster, type TestCluster } from '@sessionkit/test-servers'
import type { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectCluster } from '../../test-support/clusters.js'
import {
  LIBRARY_NAMES,
  rawClient,
  sleep,
  uniqueTestPrefix,
} from '../../test-support/redis-targets.js'
import { createRedisSessionStorage } from '../redis-storage.js'

// A 3-master Redis 8 Cluster without replicas, one master killed with -9. The masters run with
// `cluster-require-full-coverage no` (see the README's Operations section): with the server's
// default (yes), once the dead master is marked failed every master refuses every command.

const TIMEOUT = 1_000
const SLACK = 250
const NODE_TIMEOUT = 1_500
const SESSIONS = 60

/** One sample of calls on the sessions of the dead master and on the others. */
interface Sample {
  readonly deadFailed: number[]
  deadOk: number
  readonly liveFailed: string[]
  readonly liveOk: number[]
}

describe.each(['redis', 'ioredis'] as const)('Redis Cluster, one master killed (%s)', (library) => {
  let cluster: TestCluster
  let raw: Redis

  beforeAll(async () => {
    cluster = await startRedisCluster('redis8', {
      requireFullCoverage: false,
      nodeTimeout: NODE_TIMEOUT,
    })
    raw = rawClient(cluster.nodes[0] ?? { host: '127.0.0.1', port: 0 })
  })

  afterAll(async () => {
    raw?.disconnect()
    await cluster?.stop()
  })

  /** Port of the master that holds `key`'s slot. */
  const portOf = async (key: string): Promise<number> => {
    const slot = Number(await raw.call('CLUSTER', 'KEYSLOT', key))
    const ranges = (await raw.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
    const range = ranges.find(([from, to]) => slot >= from && slot <= to)
    return Number(range?.[2][1])
  }

  it(`fails only that master's sessions, typed and within the timeout; the rest keep working (${LIBRARY_NAMES[library]})`, async () => {
    const connection = await connectCluster(library, cluster)
    const prefix = uniqueTestPrefix()
    const storage = createRedisSessionStorage({
      client: connection.client,
      prefix,
      timeout: TIMEOUT,
    })
    const cookies: string[] = []
    for (let i = 0; i < SESSIONS; i++) {
      const session = await storage.read(null)
      session.set('i', i)
      cookies.push(String(await storage.save(session)))
    }
    const victim = cluster.nodes[2]?.port
    const onVictim = new Set<string>()
    for (const cookie of cookies) {
      if ((await portOf(`${prefix}{${storageIdOf(cookie)}}`)) === victim) onVictim.add(cookie)
    }
    expect(onVictim.size).toBeGreaterThan(0)
    expect(onVictim.size).toBeLessThan(SESSIONS)
    raw.disconnect()
    raw = rawClient(cluster.nodes[0] ?? { host: '127.0.0.1', port: 0 })

    await cluster.killNode(2)
    const killedAt = Date.now()
    const sample = async (): Promise<Sample> => {
      const result: Sample = { deadFailed: [], deadOk: 0, liveFailed: [], liveOk: [] }
      await Promise.all(
        cookies.map(async (cookie, i) => {
          const started = performance.now()
          try {
            const session = await storage.read(cookie)
            expect(session.get('i')).toBe(i)
            session.set('seen', true)
            await storage.save(session)
            if (onVictim.has(cookie)) result.deadOk++
            else result.liveOk.push(performance.now() - started)
          } catch (error) {
            const ms = performance.now() - started
            if (!onVictim.has(cookie)) result.liveFailed.push(String(error))
            else {
              expect(error).toBeInstanceOf(SessionStorageUnavailableError)
              result.deadFailed.push(ms)
            }
          }
        }),
      )
      return result
    }
    const report = (when: string, s: Sample) =>
      console.log(
        `cluster (${LIBRARY_NAMES[library]}), ${when}: ${onVictim.size} sessions on the dead master: ` +
          `${s.deadFailed.length} failed (slowest ${Math.max(0, ...s.deadFailed).toFixed(0)} ms), ` +
          `${s.deadOk} ok; ${SESSIONS - onVictim.size} on the others: ${s.liveOk.length} ok ` +
          `(${formatLatency(summarizeLatency(s.liveOk))}), ${s.liveFailed.length} failed`,
      )
    // At once (the others do not know yet), then once they have marked it failed.
    const early = await sample()
    report('just after the kill', early)
    await sleep(Math.max(0, killedAt + NODE_TIMEOUT * 2 + 500 - Date.now()))
    const late = await sample()
    report(`${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`, late)
    for (const s of [early, late]) {
      expect(s.liveFailed).toEqual([])
      expect(s.deadOk).toBe(0)
      expect(s.deadFailed).toHaveLength(onVictim.size)
      for (const ms of s.deadFailed) expect(ms).toBeLessThan(TIMEOUT + SLACK)
    }
    await storage.close()
    // A graceful quit waits for the dead master (node-redis: for ever): drop the sockets.
    const client = connection.client as { destroy?: () => void; disconnect?: () => void }
    if (library === 'redis') client.destroy?.()
    else client.disconnect?.()
  }, 60_000)
})

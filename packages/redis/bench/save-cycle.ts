/**
 * Benchmark: a read + change-one-field + save cycle on a 16 KiB session, this storage versus
 * a plain ioredis GET + SET of the same data as one JSON blob, on the same server in one run;
 * and the bytes each save sends to the server when one field changed.
 *
 *   npm run bench -w @sessionkit/redis [-- redis8|valkey9|valkey8]
 *
 * Uses SESSIONKIT_BENCH_URL (redis://host:port) when set, else starts a throwaway server with
 * the conformance harness (source .sessionkit/test-env.sh first on machines without Docker Hub).
 */

import { storageIdOf } from '@sessionkit/core/driver'
import { type RedisFlavor, startRedisServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import { createRedisDriver, createRedisSessionStorage } from '../src/index.js'
import { bytesPerCall, median, throughput } from './measure.js'
import { sessionData } from './session-data.js'

const SESSION_BYTES = 16 * 1024
const TTL = 3600
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 2_000)
/** Measurements of each figure, alternating the two contenders; the median is shown. */
const ROUNDS = 3
const CONCURRENCY = [1, 32]
const BYTE_SAMPLES = 200
const LABEL_WIDTH = 42

const flavor = (process.argv[2] ?? 'redis8') as RedisFlavor
const external = process.env.SESSIONKIT_BENCH_URL
const server = external ? undefined : await startRedisServer(flavor)
const url = external ?? server?.url ?? ''
const raw = new Redis(url)
const storage = createRedisSessionStorage({ url, prefix: 'bench:', ttl: TTL })
// The same scripts without core's session layer, to show where the time goes.
const driver = createRedisDriver({ url, prefix: 'bench:' })

try {
  const data = sessionData(SESSION_BYTES)
  const blob = JSON.stringify(data)
  const workers = Math.max(...CONCURRENCY, BYTE_SAMPLES)

  // One session per worker, in both shapes.
  const cookies: string[] = []
  for (let i = 0; i < workers; i++) {
    const session = await storage.read(null)
    for (const [key, value] of Object.entries(data)) session.set(key, value)
    cookies.push((await storage.save(session)) as string)
    await raw.set(`blob:${i}`, blob, 'EX', TTL)
  }

  const storageCycle = async (worker: number, round: number) => {
    const session = await storage.read(cookies[worker] as string)
    session.set('counter', round)
    await storage.save(session)
  }
  const storageIds = cookies.map((cookie) => storageIdOf(cookie))
  const driverCycle = async (worker: number, round: number) => {
    const id = storageIds[worker] as string
    await driver.load(id, TTL)
    await driver.update(id, { set: { counter: { value: String(round) } }, unset: [] }, TTL)
  }
  const blobCycle = async (worker: number, round: number) => {
    const value = JSON.parse((await raw.get(`blob:${worker}`)) as string)
    value.counter = round
    await raw.set(`blob:${worker}`, JSON.stringify(value), 'EX', TTL)
  }

  // Warm up both paths (script cache, JIT, connections).
  await throughput(storageCycle, 8, 500)
  await throughput(driverCycle, 8, 500)
  await throughput(blobCycle, 8, 500)

  const contenders: [string, typeof storageCycle][] = [
    ['@sessionkit/redis storage', storageCycle],
    ['  its driver alone (no core layer)', driverCycle],
    ['ioredis GET + SET of a JSON blob', blobCycle],
  ]
  const rows: [string, ...number[]][] = contenders.map(([name]) => [name])
  for (const concurrency of CONCURRENCY) {
    const runs: number[][] = contenders.map(() => [])
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [, cycle]] of contenders.entries()) {
        runs[i]?.push(await throughput(cycle, concurrency, DURATION_MS))
      }
    }
    for (const [i, row] of rows.entries()) row.push(median(runs[i] ?? []))
  }

  // Bytes sent per save alone: load first, then measure only the saves.
  const loaded = await Promise.all(cookies.slice(0, BYTE_SAMPLES).map((c) => storage.read(c)))
  for (const [i, session] of loaded.entries()) session.set('counter', -i)
  const storageBytes = await bytesPerCall(raw, BYTE_SAMPLES, async (i) => {
    await storage.save(loaded[i] as (typeof loaded)[number])
  })
  const values = await Promise.all(
    Array.from({ length: BYTE_SAMPLES }, async (_, i) => {
      const value = JSON.parse((await raw.get(`blob:${i}`)) as string)
      value.counter = -i
      return JSON.stringify(value)
    }),
  )
  const blobBytes = await bytesPerCall(raw, BYTE_SAMPLES, async (i) => {
    await raw.set(`blob:${i}`, values[i] as string, 'EX', TTL)
  })

  const info = await raw.info('server')
  const version =
    (/valkey_version:\S+/.exec(info) ?? /redis_version:\S+/.exec(info))?.[0] ?? 'unknown server'
  console.log(`\nSave cycle: read + change one field + save, ${blob.length} B session`)
  console.log(
    `Server: ${version}, field TTL ${storage.capabilities.fieldTtl}; median of ${ROUNDS} runs of ${DURATION_MS} ms per figure\n`,
  )
  const header = ['', ...CONCURRENCY.map((c) => `concurrency ${c}`)]
  console.log(
    header.map((cell, i) => (i === 0 ? cell.padEnd(LABEL_WIDTH) : cell.padStart(16))).join(''),
  )
  for (const [name, ...figures] of rows) {
    const cells = figures.map((f) => `${Math.round(f).toLocaleString('en-US')} cycles/s`)
    console.log(name.padEnd(LABEL_WIDTH) + cells.map((cell) => cell.padStart(16)).join(''))
  }
  console.log('\nBytes sent to the server per save (one field changed, whole command):')
  console.log(
    `${'@sessionkit/redis (EVALSHA, one field)'.padEnd(LABEL_WIDTH)}${Math.round(storageBytes)} B`,
  )
  console.log(`${'ioredis SET (JSON blob)'.padEnd(LABEL_WIDTH)}${Math.round(blobBytes)} B`)
} finally {
  await storage.close()
  await driver.close()
  await raw.quit()
  await server?.stop()
}

import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createMemorySessionStorage } from '../memory-storage.js'

// What `maxBytes` bounds: the heap the sessions take. Sessions of about 1 KiB (4 keys, 1,015
// characters of JSON) are saved well past the bound; once they are evicted down to it, the
// heap must have grown by maxBytes within ±20%. Quick mode (CI): 100k sessions into 64 MiB.
// Full mode (`npm run test:memory` in this package): that, then 1M sessions into 256 MiB.

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const MiB = 1024 * 1024
const full = process.env.SESSIONKIT_MEMORY_FULL === '1'

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc()
  return getHeapStatistics().used_heap_size
}

const pad = (length: number, seed: number) => `${seed}${'x'.repeat(length)}`.slice(0, length)

/** Save `count` sessions of about 1 KiB into a storage of `maxBytes`; the heap's growth. */
async function heapGrowth(count: number, maxBytes: number): Promise<number> {
  const before = heapUsed()
  const storage = createMemorySessionStorage({ max: 10_000_000, maxBytes })
  for (let i = 0; i < count; i++) {
    const session = await storage.read(null)
    session.set('user', { id: i, name: pad(40, i), email: pad(30, i) })
    session.set('cart', [pad(300, i), pad(300, i + 1)])
    session.set('prefs', { theme: 'dark', lang: 'en', note: pad(200, i) })
    session.set('csrf', pad(43, i))
    await storage.save(session)
  }
  const growth = heapUsed() - before
  await storage.close()
  return growth
}

const cases: [count: number, maxBytes: number][] = full
  ? [
      [100_000, 64 * MiB],
      [1_000_000, 256 * MiB],
    ]
  : [[100_000, 64 * MiB]]

describe(`maxBytes bounds the heap (${full ? 'full' : 'quick'} mode, Node ${process.versions.node})`, () => {
  for (const [count, maxBytes] of cases) {
    it(`${count} sessions of ~1 KiB into maxBytes ${maxBytes / MiB} MiB: heap growth within ±20%`, async () => {
      const growth = await heapGrowth(count, maxBytes)
      const ratio = growth / maxBytes
      console.log(
        `memory bound: ${count} sessions of ~1 KiB, maxBytes ${maxBytes / MiB} MiB: heap grew ` +
          `${(growth / MiB).toFixed(1)} MiB (${(ratio * 100).toFixed(0)}% of maxBytes), Node ${process.versions.node}`,
      )
      expect(ratio).toBeGreaterThan(0.8)
      expect(ratio).toBeLessThan(1.2)
    }, 600_000)
  }

  it('counts small sessions as what they take too: 200k of one small key into 16 MiB', async () => {
    const before = heapUsed()
    const storage = createMemorySessionStorage({ max: 10_000_000, maxBytes: 16 * MiB })
    for (let i = 0; i < 200_000; i++) {
      const session = await storage.read(null)
      session.set('u', i)
      await storage.save(session)
    }
    const growth = heapUsed() - before
    console.log(
      `memory bound: 200k sessions of one small key into 16 MiB: heap grew ${(growth / MiB).toFixed(1)} MiB`,
    )
    await storage.close()
    expect(growth / (16 * MiB)).toBeGreaterThan(0.8)
    expect(growth / (16 * MiB)).toBeLessThan(1.2)
  }, 600_000)
})

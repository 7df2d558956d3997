import { createHash } from 'node:crypto'
import { storageIdOf } from '@sessionkit/core/driver'
import { describe, expect, it } from 'vitest'
import { HashRing, KETAMA_POINTS_PER_SERVER, ketamaHash } from './hash-ring.js'

const servers = (count: number) => Array.from({ length: count }, (_, i) => `10.0.0.${i + 1}:11211`)
// 10,000 storage ids (fixed, so the printed figures are the same on every run).
const keys = Array.from({ length: 10_000 }, (_, i) => `session:${storageIdOf(`id-${i}`)}`)

/** Owner of `key` by the ketama definition, computed the slow way (scan every point). */
function ownerBySpec(names: readonly string[], key: string): number {
  const points: { point: number; owner: number }[] = []
  names.forEach((name, owner) => {
    for (let k = 0; k < 40; k++) {
      const digest = createHash('md5').update(`${name}-${k}`).digest()
      for (let h = 0; h < 4; h++) {
        const point =
          ((digest[3 + h * 4] as number) * 2 ** 24 +
            ((digest[2 + h * 4] as number) << 16) +
            ((digest[1 + h * 4] as number) << 8) +
            (digest[h * 4] as number)) >>>
          0
        points.push({ point, owner })
      }
    }
  })
  const hash = ketamaHash(key)
  const candidates = points.filter((p) => p.point >= hash)
  const pick = (list: typeof points) => list.reduce((best, p) => (p.point < best.point ? p : best))
  return pick(candidates.length > 0 ? candidates : points).owner
}

function placements(ring: HashRing): string[] {
  return keys.map((key) => ring.servers[ring.serverFor(key) ?? -1] ?? 'none')
}

describe('HashRing', () => {
  it('hashes keys as ketama does: MD5, first four bytes little-endian', () => {
    const digest = createHash('md5').update('session:abc').digest()
    expect(ketamaHash('session:abc')).toBe(digest.readUInt32LE(0))
  })

  it('places keys on the first point at or after their hash, wrapping around', () => {
    const names = servers(4)
    const ring = new HashRing(names)
    for (const key of keys.slice(0, 500)) {
      expect(ring.serverFor(key)).toBe(ownerBySpec(names, key))
    }
  })

  it('spreads keys evenly enough over the servers', () => {
    const counts = new Map<string, number>()
    for (const server of placements(new HashRing(servers(4)))) {
      counts.set(server, (counts.get(server) ?? 0) + 1)
    }
    console.log('10,000 keys over 4 servers:', Object.fromEntries(counts))
    expect(counts.size).toBe(4)
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_500)
      expect(count).toBeLessThan(3_500)
    }
  })

  it('moves about 1/5 of the keys, all to the new server, when a 5th server joins 4', () => {
    const before = placements(new HashRing(servers(4)))
    const after = placements(new HashRing(servers(5)))
    const moved = before.filter((server, i) => server !== after[i])
    const share = moved.length / keys.length
    console.log(
      `add 5th server to 4: ${moved.length} of ${keys.length} keys moved (${(share * 100).toFixed(1)}%, ideal 20%)`,
    )
    expect(share).toBeGreaterThan(0.14)
    expect(share).toBeLessThan(0.26)
    after.forEach((server, i) => {
      if (server !== before[i]) expect(server).toBe('10.0.0.5:11211')
    })
  })

  it('moves only the removed server’s keys when one of 4 servers leaves', () => {
    const names = servers(4)
    const before = placements(new HashRing(names))
    const after = placements(new HashRing(names.filter((name) => name !== '10.0.0.2:11211')))
    const moved = before.filter((server, i) => server !== after[i])
    const share = moved.length / keys.length
    console.log(
      `remove 1 of 4 servers: ${moved.length} of ${keys.length} keys moved (${(share * 100).toFixed(1)}%, ideal 25%)`,
    )
    expect(moved.every((server) => server === '10.0.0.2:11211')).toBe(true)
    expect(moved.length).toBe(before.filter((server) => server === '10.0.0.2:11211').length)
    expect(share).toBeGreaterThan(0.17)
    expect(share).toBeLessThan(0.33)
  })

  it('sends a key to the next usable server clockwise when its own is skipped', () => {
    const names = servers(3)
    const ring = new HashRing(names)
    for (const key of keys.slice(0, 1_000)) {
      const own = ring.serverFor(key) as number
      const next = ring.serverFor(key, (index) => index !== own)
      expect(next).not.toBe(own)
      // The fallback is what a ring without the skipped server would choose.
      const without = new HashRing(names.filter((_, i) => i !== own))
      expect(names[next as number]).toBe(without.servers[without.serverFor(key) as number])
    }
    expect(ring.serverFor('any', () => false)).toBeUndefined()
  })

  it(`gives each server ${KETAMA_POINTS_PER_SERVER} points and needs at least one server`, () => {
    expect(() => new HashRing([])).toThrow(RangeError)
    const ring = new HashRing(['a:1'])
    expect(ring.serverFor('x')).toBe(0)
    // One server owns every key, unless it is skipped.
    expect(ring.serverFor('x', () => true)).toBe(0)
    expect(ring.serverFor('x', () => false)).toBeUndefined()
  })
})

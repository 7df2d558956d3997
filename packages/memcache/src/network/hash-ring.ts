import { createHash, hash } from 'node:crypto'

/** Points each server gets on the ring, as in libketama: 40 MD5 digests, 4 points each. */
export const KETAMA_POINTS_PER_SERVER = 160

const DIGESTS_PER_SERVER = KETAMA_POINTS_PER_SERVER / 4

/**
 * The ketama hash of `key`: the first four bytes of its MD5 digest read as a little-endian
 * unsigned 32-bit integer.
 */
export function ketamaHash(key: string): number {
  return hash('md5', key, 'buffer').readUInt32LE(0)
}

/**
 * A ketama-compatible consistent hash ring (libketama's continuum, every server weight 1).
 * Server `name` gets 160 points: for k = 0..39 the MD5 digest of `${name}-${k}` gives four
 * little-endian 32-bit points. A key belongs to the first point at or after its hash,
 * wrapping around; adding or removing one of n servers therefore moves about 1/n of the keys.
 */
export class HashRing {
  /** Server names, in the order given; lookups answer indexes into this list. */
  readonly servers: readonly string[]
  private readonly points: Uint32Array
  private readonly owners: Uint32Array

  constructor(servers: readonly string[]) {
    if (servers.length === 0) throw new RangeError('A hash ring needs at least one server')
    this.servers = [...servers]
    const entries: { point: number; owner: number }[] = []
    servers.forEach((name, owner) => {
      for (let k = 0; k < DIGESTS_PER_SERVER; k++) {
        const digest = createHash('md5').update(`${name}-${k}`).digest()
        for (let h = 0; h < 4; h++) entries.push({ point: digest.readUInt32LE(h * 4), owner })
      }
    })
    entries.sort((a, b) => a.point - b.point || a.owner - b.owner)
    this.points = Uint32Array.from(entries, (entry) => entry.point)
    this.owners = Uint32Array.from(entries, (entry) => entry.owner)
  }

  /**
   * Index of the server owning `key`. With `usable`, servers it rejects are skipped: the key
   * goes to the next usable server clockwise on the ring; `undefined` when none is usable.
   */
  serverFor(key: string, usable?: (index: number) => boolean): number | undefined {
    // One server owns every key: no need to hash.
    if (this.servers.length === 1) return !usable || usable(0) ? 0 : undefined
    const count = this.points.length
    const start = this.firstPointAtOrAfter(ketamaHash(key))
    const tried = new Set<number>()
    for (let step = 0; step < count && tried.size < this.servers.length; step++) {
      const owner = this.owners[(start + step) % count] as number
      if (tried.has(owner)) continue
      if (!usable || usable(owner)) return owner
      tried.add(owner)
    }
    return undefined
  }

  /** Position of the first point >= `hash`, or 0 (wrap around) when every point is smaller. */
  private firstPointAtOrAfter(hash: number): number {
    let low = 0
    let high = this.points.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((this.points[middle] as number) < hash) low = middle + 1
      else high = middle
    }
    return low === this.points.length ? 0 : low
  }
}

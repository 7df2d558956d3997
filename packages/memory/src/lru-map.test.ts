import { describe, expect, it } from 'vitest'
import { LruMap } from './lru-map.js'

const keysOf = <V>(map: LruMap<V>) => [...map].map(([key]) => key)

describe('LruMap', () => {
  it('evicts the least recently used entry past the entry limit', () => {
    const map = new LruMap<number>(2, 1000)
    map.set('a', 1, 1)
    map.set('b', 2, 1)
    map.get('a')
    map.set('c', 3, 1)
    expect(keysOf(map)).toEqual(['a', 'c'])
  })

  it('keeps exact recency order through gets and overwrites', () => {
    const map = new LruMap<number>(4, 1000)
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 0, 1)
    map.get('b')
    map.get('a')
    map.set('c', 1, 1)
    map.get('a')
    expect(keysOf(map)).toEqual(['d', 'b', 'c', 'a'])
    expect(map.has('d')).toBe(true)
    expect(keysOf(map)).toEqual(['d', 'b', 'c', 'a'])
    map.set('e', 0, 1)
    expect(keysOf(map)).toEqual(['b', 'c', 'a', 'e'])
    expect(map.get('d')).toBeUndefined()
  })

  it('evicts past the byte limit and keeps its byte count right', () => {
    const map = new LruMap<string>(100, 10)
    map.set('a', 'x', 4)
    map.set('b', 'y', 4)
    map.set('a', 'x2', 5)
    expect(map.bytes).toBe(9)
    map.set('c', 'z', 4)
    expect(keysOf(map)).toEqual(['a', 'c'])
    expect(map.bytes).toBe(9)
    map.delete('c')
    map.delete('a')
    expect(map.size).toBe(0)
    expect(map.bytes).toBe(0)
    map.set('d', 'w', 1)
    expect(keysOf(map)).toEqual(['d'])
  })

  it('resizes an entry without touching its recency, evicting the oldest when it grew too much', () => {
    const map = new LruMap<string>(100, 10)
    map.set('a', 'x', 3)
    map.set('b', 'y', 3)
    map.resize('a', 1)
    expect([map.bytes, keysOf(map)]).toEqual([4, ['a', 'b']])
    map.resize('b', 9)
    expect([map.bytes, keysOf(map)]).toEqual([10, ['a', 'b']])
    map.resize('b', 10)
    expect([map.bytes, keysOf(map)]).toEqual([10, ['b']])
    map.resize('missing', 5)
    expect(map.bytes).toBe(10)
  })

  it('lets the entry being visited be deleted while iterating', () => {
    const map = new LruMap<number>(10, 1000)
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) map.set(key, i, 1)
    for (const [key, value] of map) if (value % 2 === 0) map.delete(key)
    expect(keysOf(map)).toEqual(['b', 'd'])
    expect(map.bytes).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { LruMap } from './lru-map.js'

describe('LruMap', () => {
  it('evicts the least recently used entry past the entry limit', () => {
    const map = new LruMap<number>(2, 1000)
    map.set('a', 1, 1)
    map.set('b', 2, 1)
    map.get('a')
    map.set('c', 3, 1)
    expect([...map].map(([key]) => key)).toEqual(['a', 'c'])
  })

  it('evicts past the byte limit and keeps its byte count right', () => {
    const map = new LruMap<string>(100, 10)
    map.set('a', 'x', 4)
    map.set('b', 'y', 4)
    map.set('a', 'x2', 5)
    expect(map.bytes).toBe(9)
    map.set('c', 'z', 4)
    expect([...map].map(([key]) => key)).toEqual(['a', 'c'])
    expect(map.bytes).toBe(9)
    map.delete('c')
    map.delete('a')
    expect(map.size).toBe(0)
    expect(map.bytes).toBe(0)
  })
})

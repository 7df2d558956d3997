import { FieldTableDraft } from '@sessionkit/core/driver'
import { describe, expect, it } from 'vitest'
import type { ReadItem } from './item-store.js'
import { LoadedItems } from './loaded-items.js'

const item = (length: number, cas = 1): ReadItem => ({
  fields: new FieldTableDraft()
    .begin()
    .set('a', { value: 'x'.repeat(length) })
    .done(),
  version: { cas: Buffer.from([0, 0, 0, 0, 0, 0, 0, cas]), server: 0 },
  stored: 'x'.repeat(length),
})

describe('LoadedItems', () => {
  it('hands each kept item out once', () => {
    const loaded = new LoadedItems()
    const kept = item(10)
    loaded.keep('k', kept)
    expect(loaded.take('k')).toBe(kept)
    expect(loaded.take('k')).toBeUndefined()
    expect(loaded.take('other')).toBeUndefined()
  })

  it('keeps only the latest item of a key', () => {
    const loaded = new LoadedItems()
    loaded.keep('k', item(10, 1))
    const latest = item(10, 2)
    loaded.keep('k', latest)
    expect(loaded.size).toBe(1)
    expect(loaded.take('k')).toBe(latest)
  })

  it('drops the oldest items beyond its count', () => {
    const loaded = new LoadedItems(3, 1_000_000)
    for (const key of ['a', 'b', 'c', 'd']) loaded.keep(key, item(10))
    expect(loaded.size).toBe(3)
    expect(loaded.take('a')).toBeUndefined()
    expect(loaded.take('d')).toBeDefined()
  })

  it('drops the oldest items beyond its characters, and never keeps one larger than all of them', () => {
    const loaded = new LoadedItems(100, 250)
    loaded.keep('a', item(100))
    loaded.keep('b', item(100))
    loaded.keep('c', item(100))
    expect([
      loaded.take('a'),
      loaded.take('b') !== undefined,
      loaded.take('c') !== undefined,
    ]).toEqual([undefined, true, true])
    loaded.keep('d', item(100))
    loaded.keep('huge', item(251))
    expect(loaded.take('huge')).toBeUndefined()
    expect(loaded.take('d')).toBeDefined()
    // Characters of taken items are given back: three items of 80 fit again.
    for (const key of ['e', 'f', 'g']) loaded.keep(key, item(80))
    expect(loaded.size).toBe(3)
  })
})

import { describe, expect, it } from 'vitest'
import type { StoredField } from './driver.js'
import { FieldTable, FieldTableDraft, patchedTable, tableOf } from './field-table.js'

const field = (value: string): StoredField => ({ value })

/** Everything a ReadonlyMap shows, in order: to compare a table with a Map. */
function view(map: ReadonlyMap<string, StoredField>) {
  const each: [string, string][] = []
  map.forEach((f, name, self) => {
    expect(self).toBe(map)
    each.push([name, f.value])
  })
  return {
    size: map.size,
    entries: [...map].map(([name, f]) => [name, f.value]),
    also: [...map.entries()].map(([name, f]) => [name, f.value]),
    keys: [...map.keys()],
    values: [...map.values()].map((f) => f.value),
    each,
  }
}

describe('FieldTable', () => {
  it('reads like the Map it was written as, through any sequence of writes', () => {
    const draft = new FieldTableDraft()
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed % n
    }
    for (const names of [5, 40]) {
      let table = FieldTable.EMPTY
      const model = new Map<string, StoredField>()
      for (let version = 0; version < 60; version++) {
        const before = view(table)
        const previous = table
        draft.begin(table)
        for (let op = 0; op < 1 + random(4); op++) {
          const name = `k${random(names)}`
          if (random(3) === 0) expect(draft.delete(name)).toBe(model.delete(name))
          else {
            const written = field(`v${version}.${op}`)
            draft.set(name, written)
            model.set(name, written)
          }
          expect(draft.get(name)).toBe(model.get(name))
        }
        table = draft.done()
        expect(view(table)).toEqual(view(model))
        for (let i = 0; i < names; i++) {
          expect([table.has(`k${i}`), table.get(`k${i}`)]).toEqual([
            model.has(`k${i}`),
            model.get(`k${i}`),
          ])
        }
        // A new version never changes the one before it.
        expect(view(previous)).toEqual(before)
      }
    }
  })

  it('shares the names of the version before when no field was added or removed', () => {
    const draft = new FieldTableDraft()
    const first = draft.begin().set('a', field('1')).set('b', field('2')).done()
    const second = draft.begin(first).set('b', field('3')).done()
    const third = draft.begin(second).set('c', field('4')).done()
    expect(second.names).toBe(first.names)
    expect(third.names).not.toBe(first.names)
    expect([...first.keys()]).toEqual(['a', 'b'])
    expect(first.get('b')?.value).toBe('2')
  })

  it('tells whether some field is a flash field, in every version', () => {
    const draft = new FieldTableDraft()
    const plain = draft.begin().set('a', field('1')).set('__sk:flashy', field('2')).done()
    const flashed = draft.begin(plain).set('__sk:flash:notice', field('"hi"')).done()
    const consumed = draft.begin(flashed).delete('__sk:flash:notice')
    const after = draft.done()
    expect(consumed).toBe(true)
    expect([plain.hasFlash, flashed.hasFlash, after.hasFlash]).toEqual([false, true, false])
    expect(FieldTable.EMPTY.hasFlash).toBe(false)
  })
  it('drops what a writer left unfinished when the next one begins', () => {
    const draft = new FieldTableDraft()
    const base = draft.begin().set('a', field('1')).done()
    draft.begin(base).set('x', field('lost'))
    const next = draft.begin(base).set('b', field('2')).done()
    expect(view(next).entries).toEqual([
      ['a', '1'],
      ['b', '2'],
    ])
    expect(view(base).entries).toEqual([['a', '1']])
  })

  it('is a read-only map to its readers', () => {
    expect(FieldTable.EMPTY.size).toBe(0)
    expect(Object.prototype.toString.call(FieldTable.EMPTY)).toBe('[object FieldTable]')
    expect('set' in FieldTable.EMPTY || 'delete' in FieldTable.EMPTY).toBe(false)
  })

  it('makes the version after a save: expired fields dropped, then unsets, then writes', () => {
    const now = 1_700_000_000_000
    const base = new FieldTableDraft()
      .begin()
      .set('stale', { value: '1', expiresAt: now })
      .set('gone', field('2'))
      .set('kept', { value: '3', expiresAt: now + 1 })
      .done()
    const next = patchedTable(
      base,
      { set: { fresh: { value: '4', ttl: 60 }, gone: { value: '5' } }, unset: ['gone'] },
      now,
    )
    expect(Object.fromEntries(next)).toEqual({
      kept: { value: '3', expiresAt: now + 1 },
      fresh: { value: '4', expiresAt: now + 60_000 },
      gone: { value: '5', expiresAt: undefined },
    })
    expect(view(base).entries).toEqual([
      ['stale', '1'],
      ['gone', '2'],
      ['kept', '3'],
    ])
  })

  it('makes a new table of writes, field TTLs turned into expiry times', () => {
    const now = 1_700_000_000_000
    const table = tableOf({ a: { value: '1' }, b: { value: '2', ttl: 30 } }, now)
    expect(Object.fromEntries(table)).toEqual({
      a: { value: '1', expiresAt: undefined },
      b: { value: '2', expiresAt: now + 30_000 },
    })
  })
})

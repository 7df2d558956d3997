import { type FieldTable, FieldTableDraft, type StoredField } from '@sessionkit/core/driver'
import { describe, expect, it } from 'vitest'
import { cachedRecord, RecordCache } from './record-cache.js'

function tableOf(fields: Record<string, StoredField>): FieldTable {
  const draft = new FieldTableDraft().begin()
  for (const [name, field] of Object.entries(fields)) draft.set(name, field)
  return draft.done()
}

const record = (version: number, value = 'v') => cachedRecord(version, tableOf({ a: { value } }))

describe('the record cache', () => {
  it('evicts a record not used lately beyond its entry bound; a used one gets a second chance', () => {
    const cache = new RecordCache(2, 1024 * 1024)
    cache.set('one', record(1))
    cache.set('two', record(1))
    expect(cache.get('one')?.version).toBe(1)
    cache.set('three', record(1))
    expect(cache.size).toBe(2)
    expect(cache.peek('two')).toBeUndefined()
    expect(cache.peek('one')).toBeDefined()
    expect(cache.peek('three')).toBeDefined()
    // Nothing used since: the record longest in the queue goes ('one' went back to its end).
    cache.set('four', record(1))
    expect(['one', 'three', 'four'].filter((key) => cache.peek(key))).toEqual(['one', 'four'])
  })

  it('keeps its byte estimate under its byte bound, and never keeps a record larger than it', () => {
    const cache = new RecordCache(1000, 4096)
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, record(1, 'x'.repeat(500)))
    expect(cache.bytes).toBeLessThanOrEqual(4096)
    expect(cache.size).toBeGreaterThan(1)
    expect(cache.size).toBeLessThan(20)
    cache.set('huge', record(1, 'x'.repeat(5000)))
    expect(cache.peek('huge')).toBeUndefined()
  })

  it('counts bytes back when records are replaced or forgotten', () => {
    const cache = new RecordCache(10, 1024 * 1024)
    cache.set('a', record(1, 'x'.repeat(100)))
    const one = cache.bytes
    cache.set('a', record(2, 'x'.repeat(100)))
    expect(cache.bytes).toBe(one)
    cache.delete('a')
    expect(cache.bytes).toBe(0)
    expect(cache.size).toBe(0)
  })

  it('summarises a record: the earliest field expiry', () => {
    const summary = cachedRecord(
      3,
      tableOf({
        a: { value: '1', expiresAt: 2000 },
        b: { value: '2', expiresAt: 1000 },
        '__sk:flash:n': { value: '"x"' },
      }),
    )
    expect(summary.nextFieldExpiry).toBe(1000)
    expect(record(1).nextFieldExpiry).toBe(Number.POSITIVE_INFINITY)
  })
})

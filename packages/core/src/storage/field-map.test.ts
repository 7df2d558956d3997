import { describe, expect, it } from 'vitest'
import { applyPatch, type FieldMap, writeFields } from './field-map.js'

const now = 1_700_000_000_000

describe('field maps', () => {
  it('turn field TTLs into expiry times and clear them on a write without ttl', () => {
    const fields: FieldMap = new Map()
    writeFields(fields, { a: { value: '1', ttl: 30 }, b: { value: '2' } }, now)
    expect(fields.get('a')).toEqual({ value: '1', expiresAt: now + 30_000 })
    writeFields(fields, { a: { value: '3' } }, now)
    expect(fields.get('a')).toEqual({ value: '3', expiresAt: undefined })
  })

  it('apply a patch, unsets then writes, and say by how many UTF-8 bytes the fields grew', () => {
    const fields: FieldMap = new Map([
      ['gone', { value: 'ab' }],
      ['kept', { value: '3' }],
    ])
    const grown = applyPatch(
      fields,
      { set: { fresh: { value: 'é', ttl: 60 }, kept: { value: '33' } }, unset: ['gone', 'never'] },
      now,
    )
    expect(Object.fromEntries(fields)).toEqual({
      kept: { value: '33', expiresAt: undefined },
      fresh: { value: 'é', expiresAt: now + 60_000 },
    })
    // -('gone' + 'ab') + ('fresh' + 'é') + ('33' - '3')
    expect(grown).toBe(-6 + 7 + 1)
  })
})

import { describe, expect, it } from 'vitest'
import { dropExpiredFields, type FieldMap, patchFields, writeFields } from './field-map.js'

const now = 1_700_000_000_000

describe('field maps', () => {
  it('turn field TTLs into expiry times and clear them on a write without ttl', () => {
    const fields: FieldMap = new Map()
    writeFields(fields, { a: { value: '1', ttl: 30 }, b: { value: '2' } }, now)
    expect(fields.get('a')).toEqual({ value: '1', expiresAt: now + 30_000 })
    writeFields(fields, { a: { value: '3' } }, now)
    expect(fields.get('a')).toEqual({ value: '3', expiresAt: undefined })
  })

  it('drop expired fields and say whether they did', () => {
    const fields: FieldMap = new Map([
      ['old', { value: '1', expiresAt: now }],
      ['live', { value: '2', expiresAt: now + 1 }],
      ['forever', { value: '3' }],
    ])
    expect(dropExpiredFields(fields, now)).toBe(true)
    expect([...fields.keys()]).toEqual(['live', 'forever'])
    expect(dropExpiredFields(fields, now)).toBe(false)
  })

  it('apply a patch after dropping expired fields', () => {
    const fields: FieldMap = new Map([
      ['stale', { value: '1', expiresAt: now - 1 }],
      ['gone', { value: '2' }],
      ['kept', { value: '3' }],
    ])
    patchFields(fields, { set: { fresh: { value: '4', ttl: 60 } }, unset: ['gone'] }, now)
    expect(Object.fromEntries(fields)).toEqual({
      kept: { value: '3' },
      fresh: { value: '4', expiresAt: now + 60_000 },
    })
  })
})

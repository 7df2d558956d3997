import { describe, expect, it } from 'vitest'
import type { FieldWrite, StoredField } from './driver.js'
import { fieldSize, sizeOverLimit } from './session-size.js'

/** The size counted the plain way: every field of the patched record, in UTF-8. */
function measured(
  loaded: ReadonlyMap<string, StoredField>,
  changes: ReadonlyMap<string, FieldWrite | null>,
): number {
  const record = new Map<string, string>()
  for (const [name, field] of loaded) record.set(name, field.value)
  for (const [name, change] of changes) {
    if (change) record.set(name, change.value)
    else record.delete(name)
  }
  let size = 0
  for (const [name, value] of record) size += Buffer.byteLength(name) + Buffer.byteLength(value)
  return size
}

describe('session size', () => {
  it('counts a field as the UTF-8 bytes of its name and value', () => {
    expect(fieldSize('a', '"x"')).toBe(4)
    expect(fieldSize('é', '"€"')).toBe(2 + 5)
    expect(fieldSize('k', '"😀"')).toBe(1 + 6)
    expect(fieldSize('k', '\ud800')).toBe(1 + 3)
  })

  it('reports the exact size past the limit, and nothing up to it, whatever the characters', () => {
    const texts = ['x', 'é', '€', '😀', '\ud800', 'a€😀é']
    for (const text of texts) {
      for (let repeat = 0; repeat <= 40; repeat += 3) {
        const loaded = new Map<string, StoredField>([
          ['kept', { value: text.repeat(repeat) }],
          ['replaced', { value: 'old value' }],
          ['removed', { value: text.repeat(repeat) }],
        ])
        const changes = new Map<string, FieldWrite | null>([
          ['replaced', { value: `"${text.repeat(repeat)}"` }],
          ['removed', null],
          [`new${text}`, { value: '1' }],
        ])
        const size = measured(loaded, changes)
        for (const limit of [size - 1, size, size + 1, Math.ceil(size / 3), size * 3]) {
          expect(sizeOverLimit(loaded, changes, limit)).toBe(size > limit ? size : undefined)
        }
      }
    }
  })
})

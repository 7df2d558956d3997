import { describe, expect, it } from 'vitest'
import { newSessionState, type SessionState, writeChange } from '../session/session-state.js'
import type { StoredField } from './driver.js'
import { fieldSize, sizeOverLimit } from './session-size.js'

/** The size counted the plain way: every user field once stored, saved and changed. */
function measured(s: SessionState): number {
  const record = new Map<string, string>()
  for (const [name, field] of s.stored) if (!name.startsWith('__sk:')) record.set(name, field.value)
  for (const [name, field] of s.saved ?? []) {
    if (field) record.set(name, field.value)
    else record.delete(name)
  }
  for (const [name, change] of s.changes) {
    if (change) record.set(name, change.value)
    else record.delete(name)
  }
  let size = 0
  for (const [name, value] of record) size += Buffer.byteLength(name) + Buffer.byteLength(value)
  return size
}

/** A loaded session holding `text` in several layers, as a load and a save leave them. */
function layered(text: string, repeat: number): SessionState {
  const s = newSessionState('id')
  const stored = new Map<string, StoredField>([
    ['kept', { value: text.repeat(repeat) }],
    ['replaced', { value: 'old value' }],
    ['removed', { value: text.repeat(repeat) }],
    ['resaved', { value: text }],
    ['__sk:created', { value: '1700000000000' }],
    ['__sk:flash:notice', { value: text.repeat(repeat) }],
  ])
  s.stored = stored
  s.storedSize = undefined
  s.saved = new Map([
    ['resaved', { value: text.repeat(repeat + 1) }],
    ['kept', null],
    [`saved${text}`, { value: text }],
  ])
  writeChange(s, 'replaced', { value: `"${text.repeat(repeat)}"` })
  writeChange(s, 'removed', null)
  writeChange(s, 'kept', { value: text })
  writeChange(s, `new${text}`, { value: '1' })
  writeChange(s, '__sk:flash:notice', { value: text })
  return s
}

describe('session size', () => {
  it('counts a field as the UTF-8 bytes of its name and value', () => {
    expect(fieldSize('a', '"x"')).toBe(4)
    expect(fieldSize('é', '"€"')).toBe(2 + 5)
    expect(fieldSize('k', '"😀"')).toBe(1 + 6)
    expect(fieldSize('k', '\ud800')).toBe(1 + 3)
  })

  it('reports the exact size past the limit, and nothing up to it, whatever the characters', () => {
    for (const text of ['x', 'é', '€', '😀', '\ud800', 'a€😀é']) {
      for (let repeat = 0; repeat <= 40; repeat += 3) {
        const s = layered(text, repeat)
        const size = measured(s)
        const storedBytes = [...s.stored].reduce((sum, [n, f]) => sum + fieldSize(n, f.value), 0)
        // Without a size from the store, with its exact size, and with a larger one.
        for (const storedSize of [undefined, storedBytes, storedBytes * 2 + 100]) {
          s.storedSize = storedSize
          for (const limit of [size - 1, size, size + 1, Math.ceil(size / 3), size * 3]) {
            expect(sizeOverLimit(s, limit)).toBe(size > limit ? size : undefined)
          }
        }
      }
    }
  })

  it('counts a new session by its pending writes only', () => {
    const s = newSessionState('id')
    writeChange(s, 'a', { value: '"€"' })
    writeChange(s, 'b', null)
    expect(sizeOverLimit(s, 5)).toBe(6)
    expect(sizeOverLimit(s, 6)).toBeUndefined()
  })
})

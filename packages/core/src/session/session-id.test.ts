import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateSessionId, isWellFormedSessionId, storageIdOf } from './session-id.js'

describe('session ids', () => {
  it('are 192-bit URL-safe strings, all different', () => {
    const ids = new Set(Array.from({ length: 10_000 }, generateSessionId))
    expect(ids.size).toBe(10_000)
    // Drawn from a pool that is zeroed as it is used: no id may come from used bytes.
    expect(ids.has('A'.repeat(32))).toBe(false)
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(Buffer.from(id, 'base64url')).toHaveLength(24)
    }
  })

  it('accept only the exact shape they are made in', () => {
    expect(isWellFormedSessionId(generateSessionId())).toBe(true)
    for (const bad of [
      '',
      'short',
      `${generateSessionId()}x`,
      'a'.repeat(31),
      `${'a'.repeat(31)}=`,
      `${'a'.repeat(31)}\n`,
      `${'a'.repeat(30)} a`,
      'a'.repeat(10_240),
    ]) {
      expect(isWellFormedSessionId(bad)).toBe(false)
    }
  })

  it('are stored under a SHA-256 hash that does not contain the id', () => {
    const id = generateSessionId()
    const storageId = storageIdOf(id)
    expect(storageId).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(storageId).not.toContain(id)
    expect(storageIdOf(id)).toBe(storageId)
    expect(storageIdOf(generateSessionId())).not.toBe(storageId)
  })

  it('are the SHA-256 digest of the UTF-8 id, URL-safe base64 without padding', () => {
    expect(storageIdOf('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(
      createHash('sha256').update('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').digest('base64url'),
    )
    // The test vector of SHA-256("abc").
    expect(Buffer.from(storageIdOf('abc'), 'base64url').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
  })
})

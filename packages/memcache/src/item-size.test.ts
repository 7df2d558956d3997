import { SessionTooLargeError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { assertItemFits, ITEM_OVERHEAD, itemSize } from './item-size.js'

describe('item size', () => {
  it('counts key and value bytes plus memcached’s per-item overhead', () => {
    expect(itemSize('ké', 'ab')).toBe(3 + 2 + ITEM_OVERHEAD)
  })

  it('refuses items over the limit with the size and limit', () => {
    expect(() => assertItemFits('k', 'x'.repeat(100), 1 + 100 + ITEM_OVERHEAD)).not.toThrow()
    try {
      assertItemFits('k', 'x'.repeat(101), 1 + 100 + ITEM_OVERHEAD)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(SessionTooLargeError)
      expect(error).toMatchObject({ size: 102 + ITEM_OVERHEAD, limit: 101 + ITEM_OVERHEAD })
    }
  })
})

import { describe, expect, it } from 'vitest'
import { mean, median, relativeSpread } from './stats.js'

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
    expect(median([3, 100, 2, 1, 50])).toBe(3)
  })

  it('is the mean of the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('does not reorder its input', () => {
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
  })

  it('refuses no values', () => {
    expect(() => median([])).toThrow(RangeError)
  })
})

describe('mean and spread', () => {
  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3)
    expect(() => mean([])).toThrow(RangeError)
  })

  it('measures the spread of repetitions relative to their median', () => {
    expect(relativeSpread([90, 100, 110])).toBeCloseTo(0.2)
    expect(relativeSpread([5, 5, 5])).toBe(0)
  })
})

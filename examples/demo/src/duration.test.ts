import { describe, expect, it } from 'vitest'
import { formatDuration } from './duration.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-3, '0 s'],
    [14.6, '15 s'],
    [60, '1 min'],
    [3599, '59 min 59 s'],
    [3600, '1 h'],
    [3661, '1 h 1 min'],
    [604_800, '7 d'],
    [2_591_999, '29 d 23 h'],
  ])('%d s reads %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

import { describe, expect, it } from 'vitest'
import { formatDuration } from './duration.js'

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [-3, '0 s'],
    [14.6, '15 s'],
    [60, '1 min'],
    [3599, '59 min 59 s'],
    [3600, '1 hour'],
    [7200, '2 hours'],
    [3661, '1 hour 1 min'],
    [3601, '1 hour'],
    [86_400 + 59, '1 day'],
    [604_800, '7 days'],
    [2_591_999, '29 days 23 hours'],
  ])('%d s reads %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

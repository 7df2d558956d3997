import { describe, expect, it } from 'vitest'
import { formatCount, formatRate, formatRatio, markdownTable } from './markdown-table.js'

describe('markdownTable', () => {
  it('pads columns to one width, labels left and figures right', () => {
    const table = markdownTable(
      ['target', 'x1', 'x32'],
      [
        ['sessionkit', '5,612', '15,301'],
        ['peer', '8,900', '44,400'],
      ],
    )
    expect(table.split('\n')).toEqual([
      '| target     |    x1 |    x32 |',
      '| ---------- | ----: | -----: |',
      '| sessionkit | 5,612 | 15,301 |',
      '| peer       | 8,900 | 44,400 |',
    ])
  })

  it('fills missing cells and keeps a rule of at least three dashes', () => {
    expect(markdownTable(['a', 'b'], [['x']], ['left', 'left'])).toBe(
      ['| a   | b   |', '| --- | --- |', '| x   |     |'].join('\n'),
    )
  })
})

describe('figures', () => {
  it('formats rates, ratios and counts', () => {
    expect(formatRate(12_345.6)).toBe('12,346')
    expect(formatRatio(0.6349)).toBe('0.63×')
    expect(formatRatio(undefined)).toBe('–')
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('–')
    expect(formatCount(2)).toBe('2')
    expect(formatCount(2.456)).toBe('2.46')
    expect(formatCount(1234)).toBe('1,234')
  })
})

/** Column alignment in a Markdown table. */
export type Align = 'left' | 'right'

/**
 * A Markdown table whose columns are padded to the same width, so it reads as well in a
 * terminal as rendered. `align` gives the alignment of the first columns; the rest are right
 * aligned (figures).
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = ['left'],
): string {
  const alignOf = (i: number): Align => align[i] ?? 'right'
  const widths = header.map((cell, i) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    `| ${widths
      .map((width, i) => {
        const cell = cells[i] ?? ''
        return alignOf(i) === 'right' ? cell.padStart(width) : cell.padEnd(width)
      })
      .join(' | ')} |`
  const rule = `| ${widths
    .map((width, i) => (alignOf(i) === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** Cycles per second as a whole number with thousands separators: `12,346`. */
export function formatRate(rate: number): string {
  return Math.round(rate).toLocaleString('en-US')
}

/** A ratio with two decimals: `0.63×`; a dash when unknown. */
export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? '–' : `${ratio.toFixed(2)}×`
}

/** A count with at most two decimals, whole numbers without: `2`, `2.5`, `1,234`. */
export function formatCount(value: number | undefined): string {
  if (value === undefined) return '–'
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

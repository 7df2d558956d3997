/** Latency figures of a run, in milliseconds. */
export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

/** p50, p99 and max of `samples` (ms); zeros for none. */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 }
  const sorted = Float64Array.from(samples).sort()
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 }
}

/** `p50 1.2 ms, p99 8.0 ms, max 12.3 ms`. */
export function formatLatency(summary: LatencySummary): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`
  return `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}, max ${ms(summary.max)}`
}

import { describe, expect, it } from 'vitest'
import type { CaseClock } from '../clock.js'
import { FullTtlSamples } from './full-ttl-samples.js'
import { LATE_TOLERANCE_MS, TooLate } from './punctual.js'

/** A clock that stands at `at` until moved. */
function standingClock(at: number): CaseClock & { at: number } {
  const clock = {
    at,
    now: () => clock.at,
    sleep: async () => {},
    sleepUntil: async () => {},
    simulated: true,
  }
  return clock
}

/** 8 probes of one kind, all on time, `there` of them finding their record. */
async function samplesWith(there: number, late = 0) {
  const clock = standingClock(1_000)
  const samples = new FullTtlSamples(clock, 8)
  for (let i = 0; i < 8; i++) {
    const planned = i < late ? clock.at - LATE_TOLERANCE_MS - 1 : clock.at
    await samples.take('created', planned, async () => i >= late && i - late < there)
  }
  return samples
}

describe('FullTtlSamples', () => {
  it('passes memcached-like clocks: a quarter or more of the records there', async () => {
    for (const there of [8, 6, 4, 2]) {
      const samples = await samplesWith(there)
      expect(() => samples.conclude('sessions')).not.toThrow()
    }
  })

  it('fails a TTL cut by a second: fewer than a quarter of the records there', async () => {
    for (const there of [1, 0]) {
      const samples = await samplesWith(there)
      expect(() => samples.conclude('sessions')).toThrow(
        `only ${there} of 8 created sessions probed on time were there`,
      )
    }
  })

  it('does not conclude from probes that ran late, and asks for a rerun when most did', async () => {
    // 5 late probes found nothing; the 3 on time found their records.
    const mostlyLate = await samplesWith(3, 5)
    expect(() => mostlyLate.conclude('sessions')).toThrow(TooLate)
    // 2 late; of the 6 on time, 2 found theirs: a quarter or more.
    const fewLate = await samplesWith(2, 2)
    expect(() => fewLate.conclude('sessions')).not.toThrow()
  })
})

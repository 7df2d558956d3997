import { formatSoakReport, runSoak, soakDurationMs } from '@sessionkit/conformance/faults'
import { expect, it } from 'vitest'
import { createMemorySessionStorage } from '../memory-storage.js'

// Bounded soak: 128 concurrent read-change-save cycles, two workers per session changing a key
// each. Quick by default (3 s); `npm run soak` at the repository root runs 60 s.

it(
  'soaks at 128 concurrent with no error and no lost update',
  async () => {
    const durationMs = soakDurationMs()
    const storage = createMemorySessionStorage()
    const report = await runSoak(storage, { concurrency: 128, durationMs })
    console.log(formatSoakReport('memory', report))
    expect(report.errorSamples).toEqual([])
    expect(report).toMatchObject({ errors: 0, lostUpdates: 0 })
    expect(report.cycles).toBeGreaterThan(0)
    await storage.close()
  },
  soakDurationMs() + 60_000,
)

import { describe, expect, it } from 'vitest'
import { runRounds, runTimed, sessionIndex } from './throughput.js'

describe('sessionIndex', () => {
  it.each([
    [1, 1000],
    [8, 1000],
    [32, 1000],
    [128, 1000],
    [7, 10],
  ])('gives %i workers disjoint shares covering all %i sessions', (concurrency, sessions) => {
    const owner = new Map<number, number>()
    const wrong: string[] = []
    for (let worker = 0; worker < concurrency; worker++) {
      for (let round = 0; round < 2 * sessions; round++) {
        const i = sessionIndex(worker, round, concurrency, sessions)
        if (!(i >= 0 && i < sessions)) wrong.push(`worker ${worker} got ${i}`)
        if ((owner.get(i) ?? worker) !== worker)
          wrong.push(`${i} shared by ${owner.get(i)}, ${worker}`)
        owner.set(i, worker)
      }
    }
    expect(wrong).toEqual([])
    expect(owner.size).toBe(sessions)
  })

  it('refuses more workers than sessions', () => {
    expect(() => sessionIndex(5, 0, 6, 5)).toThrow(RangeError)
  })
})

describe('runTimed', () => {
  it('counts completed cycles until the deadline, from every worker', async () => {
    const seen = new Set<number>()
    const run = await runTimed(
      async (worker) => {
        seen.add(worker)
        await new Promise((resolve) => setTimeout(resolve, 5))
        return true
      },
      4,
      60,
    )
    expect(seen).toEqual(new Set([0, 1, 2, 3]))
    expect(run.exhausted).toBe(false)
    expect(run.seconds).toBeGreaterThanOrEqual(0.06)
    // Each worker finishes the cycle it started before the deadline: 4 × (60 / 5) at most, plus one.
    expect(run.cycles).toBeGreaterThanOrEqual(4 * 6)
    expect(run.cycles).toBeLessThanOrEqual(4 * 13)
  })

  it("measures the process's CPU time over the run", async () => {
    const busyMicros = 30_000
    const run = await runTimed(
      async () => {
        // Spin until this cycle itself used 30 ms of CPU (not of wall time: on a busy machine
        // a spin timed by the clock may get less of the CPU).
        const from = process.cpuUsage()
        for (;;) {
          const used = process.cpuUsage(from)
          if (used.user + used.system >= busyMicros) break
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
        return true
      },
      1,
      1,
    )
    expect(run.cycles).toBe(1)
    // 30 ms of CPU spun, then 100 ms asleep: a run that measured nothing, or its wall time
    // (over 100 ms), fails one of these.
    expect(run.seconds).toBeGreaterThanOrEqual(0.1)
    expect(run.cpuMicros).toBeGreaterThanOrEqual(busyMicros)
    expect(run.cpuMicros).toBeLessThan(busyMicros + 70_000)
  })

  it('counts the garbage-collection pauses of the run, as part of its CPU time', async () => {
    let kept: unknown[] = []
    const run = await runTimed(
      async () => {
        // Short-lived garbage: young-generation collections run while the cycles do.
        for (let i = 0; i < 2_000; i++) kept = Array.from({ length: 100 }, (_, j) => ({ j }))
        await new Promise((resolve) => setImmediate(resolve))
        return true
      },
      1,
      300,
    )
    expect(kept).toHaveLength(100)
    expect(run.gcMicros).toBeGreaterThan(0)
    expect(run.gcMicros).toBeLessThan(run.cpuMicros)
  })

  it('stops a worker that runs out of work and says so', async () => {
    let left = 10
    const run = await runTimed(async () => left-- > 0, 3, 10_000)
    expect(run.cycles).toBe(10)
    expect(run.exhausted).toBe(true)
    expect(run.seconds).toBeLessThan(5)
  })
})

describe('runRounds', () => {
  it('runs each worker for exactly its rounds, untimed', async () => {
    const rounds: string[] = []
    await runRounds(
      async (worker, round) => {
        rounds.push(`${worker}:${round}`)
        return true
      },
      3,
      2,
    )
    expect(rounds.sort()).toEqual(['0:0', '0:1', '1:0', '1:1', '2:0', '2:1'])
  })
})

import { describe, expect, it } from 'vitest'
import type { SessionTarget } from '../targets/target.js'
import { Workload } from './workload.js'

/** An in-memory target; with `loseUpdates`, its saves are dropped (a store that skips work). */
function mapTarget(loseUpdates: boolean): SessionTarget & { size(): number } {
  const counters = new Map<string, number>()
  let next = 0
  return {
    size: () => counters.size,
    async create() {
      const ref = `s${next++}`
      counters.set(ref, 0)
      return ref
    },
    async read(ref) {
      return counters.get(ref) ?? Number.NaN
    },
    async modify(ref, afterRead) {
      const counter = counters.get(ref) ?? Number.NaN
      afterRead?.()
      if (!loseUpdates) counters.set(ref, counter + 1)
      return counter
    },
    async destroy(ref) {
      counters.delete(ref)
    },
    async close() {},
  }
}

describe('Workload', () => {
  it('checks every read against the counter the modify cycles left', async () => {
    const workload = new Workload('map', mapTarget(false))
    await workload.seed(10)
    const modify = workload.step('modify', 2, 0)
    const read = workload.step('read', 2, 0)
    for (let round = 0; round < 12; round++) {
      await modify(0, round)
      await modify(1, round)
    }
    await expect(read(0, 0)).resolves.toBe(true)
  })

  it('fails the run when a target loses an update', async () => {
    const workload = new Workload('lossy', mapTarget(true))
    await workload.seed(4)
    const modify = workload.step('modify', 1, 0)
    for (let round = 0; round < 4; round++) await modify(0, round)
    await expect(modify(0, 4)).rejects.toThrow(/lossy: session 0 holds counter 0, expected 1/)
  })

  it('creates into the spare pool up to a bound, and destroys from it until empty', async () => {
    const target = mapTarget(false)
    const workload = new Workload('map', target)
    const create = workload.step('create', 1, 3)
    const results = [await create(0, 0), await create(0, 1), await create(0, 2), await create(0, 3)]
    expect(results).toEqual([true, true, true, false])
    expect(workload.spareCount).toBe(3)
    const destroy = workload.step('destroy', 1, 0)
    expect([await destroy(0, 0), await destroy(0, 1), await destroy(0, 2)]).toEqual([
      true,
      true,
      true,
    ])
    await expect(destroy(0, 3)).resolves.toBe(false)
    expect(target.size()).toBe(0)
  })

  it('tops up, trims and cleans up every session it made', async () => {
    const target = mapTarget(false)
    const workload = new Workload('map', target)
    await workload.seed(5)
    await workload.topUp(40)
    expect(workload.spareCount).toBe(40)
    await workload.trim(10)
    expect(workload.spareCount).toBe(10)
    expect(target.size()).toBe(15)
    await workload.cleanup()
    expect(target.size()).toBe(0)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { TimeoutQueue, type Waiting } from './timeout-queue.js'

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('TimeoutQueue', () => {
  it('arms one timer for many waiting calls, which no longer holds the process once none waits', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const queue = new TimeoutQueue(1000)
    const timedOut = vi.fn()
    const entries = Array.from({ length: 100 }, () => queue.add(timedOut))
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(true)
    expect(entries.map((entry) => queue.settle(entry))).toEqual(Array(100).fill(true))
    expect(timer.hasRef()).toBe(false)
    expect(timedOut).not.toHaveBeenCalled()
    queue.close()
  })

  it('reuses the timer for calls one at a time, and drops it once idle', async () => {
    vi.useFakeTimers({ now: 0 })
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const queue = new TimeoutQueue(100)
    for (let i = 0; i < 50; i++) {
      queue.settle(queue.add(() => {}))
      await vi.advanceTimersByTimeAsync(1)
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(vi.getTimerCount()).toBe(0)
    // A call after the reused timer fired is still bounded by its own full timeout.
    await vi.advanceTimersByTimeAsync(30)
    const started = Date.now()
    let firedAt = 0
    queue.add(() => (firedAt = Date.now()))
    await vi.advanceTimersByTimeAsync(200)
    expect(firedAt).toBe(started + 100)
  })

  it('times out a call made while the idle timer was due soon at its own deadline', async () => {
    vi.useFakeTimers({ now: 0 })
    const queue = new TimeoutQueue(100)
    queue.settle(queue.add(() => {}))
    await vi.advanceTimersByTimeAsync(90)
    let firedAt = 0
    queue.add(() => (firedAt = Date.now()))
    await vi.advanceTimersByTimeAsync(200)
    expect(firedAt).toBe(190)
  })

  it('times out each call at its own deadline, in the order they started, and none settled', async () => {
    vi.useFakeTimers({ now: 0 })
    const queue = new TimeoutQueue(100)
    const fired: string[] = []
    const at = (name: string) => () => fired.push(`${name}@${Date.now()}`)
    queue.add(at('first'))
    await vi.advanceTimersByTimeAsync(40)
    const second = queue.add(at('second'))
    queue.add(at('third'))
    await vi.advanceTimersByTimeAsync(70)
    expect(queue.settle(second)).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(fired).toEqual(['first@100', 'third@140'])
  })

  it('refuses to settle a call that timed out, or twice, and counts only the calls waiting', async () => {
    vi.useFakeTimers({ now: 0 })
    const queue = new TimeoutQueue(10)
    const late = queue.add(() => {})
    expect(queue.size).toBe(1)
    await vi.advanceTimersByTimeAsync(10)
    expect(queue.size).toBe(0)
    expect(queue.settle(late)).toBe(false)
    const twice = queue.add(() => {})
    const other = queue.add(() => {})
    expect(queue.size).toBe(2)
    expect(queue.settle(twice)).toBe(true)
    expect(queue.settle(twice)).toBe(false)
    expect(queue.size).toBe(1)
    queue.settle(other)
    expect(queue.size).toBe(0)
  })

  it('once closed, keeps timing the calls still waiting, then keeps no timer', async () => {
    vi.useFakeTimers({ now: 0 })
    const queue = new TimeoutQueue(100)
    queue.settle(queue.add(() => {}))
    queue.close()
    expect(vi.getTimerCount()).toBe(0)
    let firedAt = 0
    queue.add(() => (firedAt = Date.now()))
    await vi.advanceTimersByTimeAsync(50)
    const answered = queue.add(() => {})
    await vi.advanceTimersByTimeAsync(50)
    expect(firedAt).toBe(100)
    expect(vi.getTimerCount()).toBe(1)
    expect(queue.settle(answered)).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('unlinks the entries that leave the front and drops their callbacks: a dead one holds nothing', () => {
    const queue = new TimeoutQueue(1000)
    const callbacks = [vi.fn(), vi.fn(), vi.fn()]
    const [first, second, third] = callbacks.map((callback) => queue.add(callback)) as [
      Waiting,
      Waiting,
      Waiting,
    ]
    queue.settle(third)
    expect(second.next).toBe(third)
    queue.settle(first)
    expect(first.next).toBeUndefined()
    expect(second.next).toBe(third)
    queue.settle(second)
    expect(second.next).toBeUndefined()
    expect(third.next).toBeUndefined()
    for (const entry of [first, second, third]) entry.onTimeout()
    for (const callback of callbacks) expect(callback).not.toHaveBeenCalled()
    queue.close()
  })
})

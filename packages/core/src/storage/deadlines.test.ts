import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionDataError, SessionStorageUnavailableError } from '../errors.js'
import { Deadlines } from './deadlines.js'

afterEach(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
})

describe('Deadlines', () => {
  it('passes results through', async () => {
    await expect(new Deadlines(100).run('read', async () => 42)).resolves.toBe(42)
  })

  it('takes an answer given at once (an in-process driver) without arming a timer', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const deadlines = new Deadlines(100)
    await expect(deadlines.run('read', () => 42)).resolves.toBe(42)
    await expect(deadlines.run('read', () => null)).resolves.toBeNull()
    await expect(
      deadlines.run(
        'read',
        () => 41,
        (value) => value + 1,
      ),
    ).resolves.toBe(42)
    await expect(
      deadlines.run(
        'read',
        () => 1,
        () => Promise.resolve('later'),
      ),
    ).resolves.toBe('later')
    expect(setTimeoutSpy).not.toHaveBeenCalled()
    const typed = new SessionDataError('corrupt', 'k')
    await expect(
      deadlines.run(
        'read',
        () => 1,
        () => {
          throw typed
        },
      ),
    ).rejects.toBe(typed)
  })

  it('maps a result with next, in the promise it returns', async () => {
    const deadlines = new Deadlines(100)
    await expect(
      deadlines.run(
        'read',
        async () => 20,
        (value) => value * 2,
      ),
    ).resolves.toBe(40)
    const typed = new SessionDataError('corrupt', 'k')
    await expect(
      deadlines.run(
        'read',
        async () => 1,
        () => {
          throw typed
        },
      ),
    ).rejects.toBe(typed)
  })

  it('turns a hang into an unavailable error after the timeout', async () => {
    const started = Date.now()
    const hang = new Deadlines(50).run('read', () => new Promise(() => {}))
    await expect(hang).rejects.toThrow(SessionStorageUnavailableError)
    await expect(hang).rejects.toThrow(/read timed out after 50 ms/)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('wraps foreign failures, thrown or rejected, and keeps sessionkit errors as they are', async () => {
    const deadlines = new Deadlines(100)
    const refused = deadlines.run('save', async () => {
      throw new Error('connect ECONNREFUSED')
    })
    await expect(refused).rejects.toThrow(SessionStorageUnavailableError)
    await expect(refused).rejects.toThrow(/save failed: connect ECONNREFUSED/)
    const thrown = deadlines.run('save', () => {
      throw new Error('sync')
    })
    await expect(thrown).rejects.toThrow(/save failed: sync/)
    const typed = new SessionDataError('corrupt', 'k')
    await expect(deadlines.run('read', async () => Promise.reject(typed))).rejects.toBe(typed)
  })

  it('arms one timer for many pending operations, which then no longer holds the process', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const deadlines = new Deadlines(1000)
    const releases: (() => void)[] = []
    const runs = Array.from({ length: 100 }, (_, i) =>
      deadlines.run('read', () => new Promise<number>((r) => releases.push(() => r(i)))),
    )
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout
    expect(timer.hasRef()).toBe(true)
    for (const release of releases) release()
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(timer.hasRef()).toBe(false)
    deadlines.clear()
  })

  it('reuses the timer for operations one at a time, and drops it once idle', async () => {
    vi.useFakeTimers({ now: 0 })
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const deadlines = new Deadlines(100)
    for (let i = 0; i < 50; i++) {
      expect(await deadlines.run('read', async () => i)).toBe(i)
      await vi.advanceTimersByTimeAsync(1)
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(vi.getTimerCount()).toBe(0)
    // A hang after the reused timer fired is still bounded by its own full timeout.
    await vi.advanceTimersByTimeAsync(30)
    const started = Date.now()
    const outcome = deadlines.run('read', () => new Promise(() => {})).catch(() => Date.now())
    await vi.advanceTimersByTimeAsync(200)
    expect(await outcome).toBe(started + 100)
  })

  it('still times out an operation started while the idle timer was due soon', async () => {
    vi.useFakeTimers({ now: 0 })
    const deadlines = new Deadlines(100)
    await deadlines.run('read', async () => 1)
    await vi.advanceTimersByTimeAsync(90)
    const outcome = deadlines.run('read', () => new Promise(() => {})).catch(() => Date.now())
    await vi.advanceTimersByTimeAsync(200)
    expect(await outcome).toBe(190)
  })

  it('times out each operation at its own deadline, in the order they started', async () => {
    vi.useFakeTimers({ now: 0 })
    const deadlines = new Deadlines(100)
    const outcomes: string[] = []
    const track = (name: string, promise: Promise<unknown>) =>
      promise.then(
        () => outcomes.push(`${name} ok`),
        () => outcomes.push(`${name} timeout@${Date.now()}`),
      )
    const first = track(
      'first',
      deadlines.run('read', () => new Promise(() => {})),
    )
    await vi.advanceTimersByTimeAsync(40)
    let finish: () => void = () => {}
    const second = track(
      'second',
      deadlines.run('read', () => new Promise<void>((r) => (finish = r))),
    )
    const third = track(
      'third',
      deadlines.run('read', () => new Promise(() => {})),
    )
    await vi.advanceTimersByTimeAsync(70)
    finish()
    await vi.advanceTimersByTimeAsync(100)
    await Promise.all([first, second, third])
    expect(outcomes).toEqual(['first timeout@100', 'second ok', 'third timeout@140'])
  })

  it('still bounds operations started after clear(), when an earlier one answers late', async () => {
    vi.useFakeTimers({ now: 0 })
    const deadlines = new Deadlines(100)
    let answer: (value: string) => void = () => {}
    const early = deadlines.run('read', () => new Promise<string>((r) => (answer = r)))
    deadlines.clear()
    answer('late')
    await expect(early).resolves.toBe('late')
    const hang = deadlines.run('read', () => new Promise(() => {})).catch(() => Date.now())
    await vi.advanceTimersByTimeAsync(200)
    expect(await hang).toBe(100)
  })

  it('ignores an answer that comes after the timeout', async () => {
    let answer: (value: string) => void = () => {}
    const late = new Deadlines(20).run('read', () => new Promise<string>((r) => (answer = r)))
    await expect(late).rejects.toThrow(/timed out/)
    answer('too late')
    await expect(late).rejects.toThrow(/timed out/)
  })
})

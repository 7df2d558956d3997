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

  it('arms one timer for many pending operations', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const deadlines = new Deadlines(1000)
    const releases: (() => void)[] = []
    const runs = Array.from({ length: 100 }, (_, i) =>
      deadlines.run('read', () => new Promise<number>((r) => releases.push(() => r(i)))),
    )
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1)
    for (const release of releases) release()
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    deadlines.close()
  })

  it('times out each operation at its own deadline, naming it', async () => {
    vi.useFakeTimers({ now: 0 })
    const deadlines = new Deadlines(100)
    const read = deadlines.run<never>('read', () => new Promise(() => {})).catch((e: Error) => e)
    await vi.advanceTimersByTimeAsync(40)
    const save = deadlines.run<never>('save', () => new Promise(() => {})).catch((e: Error) => e)
    await vi.advanceTimersByTimeAsync(60)
    expect(await read).toBeInstanceOf(SessionStorageUnavailableError)
    expect((await read).message).toBe('Session storage read timed out after 100 ms')
    await vi.advanceTimersByTimeAsync(40)
    expect((await save).message).toBe('Session storage save timed out after 100 ms')
  })

  it('still bounds an operation pending at close(), and keeps no timer after it', async () => {
    vi.useFakeTimers({ now: 0 })
    const deadlines = new Deadlines(100)
    const hang = deadlines.run('read', () => new Promise(() => {})).catch(() => Date.now())
    deadlines.close()
    expect(vi.getTimerCount()).toBe(1)
    await vi.advanceTimersByTimeAsync(200)
    expect(await hang).toBe(100)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('ignores an answer that comes after the timeout', async () => {
    let answer: (value: string) => void = () => {}
    const late = new Deadlines(20).run('read', () => new Promise<string>((r) => (answer = r)))
    await expect(late).rejects.toThrow(/timed out/)
    answer('too late')
    await expect(late).rejects.toThrow(/timed out/)
  })
})

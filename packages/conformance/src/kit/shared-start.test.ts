import { describe, expect, it } from 'vitest'
import { SharedStart } from './shared-start.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('SharedStart', () => {
  it('starts every case that will run when the first result is asked for, not the others', async () => {
    const shared = new SharedStart()
    const started: string[] = []
    for (const key of ['a', 'b', 'filtered out']) {
      shared.add(key, async () => {
        started.push(key)
      })
    }
    const willRun = (key: string) => key !== 'filtered out'
    await shared.result('a', willRun)
    expect(started).toEqual(['a', 'b'])
    await shared.result('b', willRun)
    expect(started).toEqual(['a', 'b'])
  })

  it('gives each test its own outcome, and idle() waits for every started case', async () => {
    const shared = new SharedStart()
    let release = () => {}
    const slow = new Promise<void>((resolve) => {
      release = resolve
    })
    shared.add('fails', async () => {
      throw new Error('broken')
    })
    shared.add('slow', () => slow)
    await expect(shared.result('fails', () => true)).rejects.toThrow('broken')
    let idle = false
    const idling = shared.idle().then(() => {
      idle = true
    })
    await tick()
    expect(idle).toBe(false)
    release()
    await idling
    await expect(shared.result('slow', () => true)).resolves.toBeUndefined()
  })

  it('refuses two tests under one key', () => {
    const shared = new SharedStart()
    shared.add('same', async () => {})
    expect(() => shared.add('same', async () => {})).toThrow(/distinct names/)
  })
})

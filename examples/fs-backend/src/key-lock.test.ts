import { describe, expect, it } from 'vitest'
import { KeyLock } from './key-lock.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('KeyLock', () => {
  it('runs the tasks of one key one at a time, in order, even after a failure', async () => {
    const lock = new KeyLock()
    const log: string[] = []
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name} start`)
        await tick()
        log.push(`${name} end`)
        if (fail) throw new Error(name)
        return name
      }
    const results = await Promise.allSettled([
      lock.run('a', task('one', true)),
      lock.run('a', task('two')),
    ])
    expect(log).toEqual(['one start', 'one end', 'two start', 'two end'])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled'])
  })

  it('runs tasks of different keys side by side, and idle() waits for all', async () => {
    const lock = new KeyLock()
    const log: string[] = []
    void lock.run('a', async () => {
      log.push('a start')
      await tick()
      log.push('a end')
    })
    void lock.run('b', async () => {
      log.push('b start')
    })
    await lock.idle()
    expect(log).toEqual(['a start', 'b start', 'a end'])
  })
})

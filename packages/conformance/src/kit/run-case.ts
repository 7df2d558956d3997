import type { SessionStorage } from '@sessionkit/core'
import type { SessionDriver } from '@sessionkit/core/driver'
import type { CaseContext, CaseStorageOptions, ConformanceCase } from './case.js'
import { realClock } from './clock.js'
import type { DriverCaseContext, DriverConformanceCase } from './driver-case.js'
import type { DriverConformanceTarget } from './driver-target.js'
import { retryWhileTooLate } from './support/punctual.js'
import { settleWithin } from './support/time.js'
import { uniquePrefix } from './support/unique-prefix.js'
import type { ConformanceTarget } from './target.js'

/** Longest the kit waits for one storage's or driver's `close()` when a case ends. */
const CLOSE_LIMIT_MS = 10_000

/**
 * Run one storage case against `target` outside of any test framework: it resolves when the
 * storage conforms and rejects with what went wrong (a `CaseSkipped` when the case does not
 * apply). Every storage the case opened is closed. A timed case whose checks ran too late to
 * conclude (a starved process) is run again, up to three times.
 */
export function runConformanceCase(
  kase: ConformanceCase,
  target: ConformanceTarget,
): Promise<void> {
  return retryWhileTooLate(() =>
    withOpened<SessionStorage>(async (track, close) => {
      const made = new WeakMap<SessionStorage, CaseStorageOptions & { prefix: string }>()
      const create = async (options: CaseStorageOptions & { prefix: string }) => {
        const storage = track(await target.createStorage(options))
        made.set(storage, options)
        return storage
      }
      const context: CaseContext = {
        target,
        clock: target.clock ?? realClock,
        open: (options: CaseStorageOptions = {}) => create({ ...options, prefix: uniquePrefix() }),
        openSharing: async (storage) => {
          const options = made.get(storage)
          if (!options) throw new Error('openSharing() takes a storage the case opened')
          return target.inProcess === true ? storage : create(options)
        },
        openUnreachable: async (options) => {
          if (!target.createUnreachableStorage) {
            throw new Error(`${target.name} has no createUnreachableStorage`)
          }
          return track(await target.createUnreachableStorage(options))
        },
        close,
      }
      await kase.run(context)
    }),
  )
}

/**
 * Run one driver case against `target` outside of any test framework, like
 * `runConformanceCase`. Every driver the case opened is closed.
 */
export function runDriverConformanceCase(
  kase: DriverConformanceCase,
  target: DriverConformanceTarget,
): Promise<void> {
  return retryWhileTooLate(() =>
    withOpened<SessionDriver>(async (track, close) => {
      const context: DriverCaseContext = {
        target,
        clock: target.clock ?? realClock,
        open: async () => {
          const driver = track(await target.createDriver({ prefix: uniquePrefix() }))
          // Capabilities may be settled by the first round trip (server feature detection).
          await driver.ready?.()
          return driver
        },
        openUnreachable: async (options) => {
          if (!target.createUnreachableDriver) {
            throw new Error(`${target.name} has no createUnreachableDriver`)
          }
          return track(await target.createUnreachableDriver(options))
        },
        close,
      }
      await kase.run(context)
    }),
  )
}

interface Closeable {
  close(): Promise<void>
}

/** Run `body` with a tracker of what it opens; close all of it afterwards, whatever happened. */
async function withOpened<T extends Closeable>(
  body: (track: (opened: T) => T, close: (opened: T) => Promise<void>) => Promise<void>,
): Promise<void> {
  const open = new Set<T>()
  const track = (opened: T) => {
    open.add(opened)
    return opened
  }
  const close = async (opened: T) => {
    open.delete(opened)
    await opened.close()
  }
  let failed = false
  let failure: unknown
  try {
    await body(track, close)
  } catch (error) {
    failed = true
    failure = error
  }
  const problems = await closeAll(open)
  if (failed) throw failure
  if (problems.length > 0) throw new Error(`Closing failed:\n- ${problems.join('\n- ')}`)
}

async function closeAll(opened: Iterable<Closeable>): Promise<string[]> {
  const outcomes = await Promise.all(
    [...opened].map((item) =>
      settleWithin(
        Promise.resolve().then(() => item.close()),
        CLOSE_LIMIT_MS,
      ),
    ),
  )
  const problems: string[] = []
  for (const outcome of outcomes) {
    if (outcome.state === 'pending') problems.push(`close() did not settle in ${CLOSE_LIMIT_MS} ms`)
    if (outcome.state === 'rejected') problems.push(`close() rejected: ${String(outcome.error)}`)
  }
  return problems
}

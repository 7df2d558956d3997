import type { SessionStorage } from '@sessionkit/core'
import type { CaseContext, CaseStorageOptions, ConformanceCase } from './case.js'
import { settleWithin } from './support/time.js'
import { uniquePrefix } from './support/unique-prefix.js'
import type { ConformanceTarget } from './target.js'

/** Longest the kit waits for one storage's `close()` when a case ends. */
const CLOSE_LIMIT_MS = 10_000

/**
 * Run one case against `target` outside of any test framework: it resolves when the storage
 * conforms and rejects with what went wrong. Every storage the case opened is closed.
 */
export async function runConformanceCase(
  kase: ConformanceCase,
  target: ConformanceTarget,
): Promise<void> {
  const open = new Set<SessionStorage>()
  const track = (storage: SessionStorage) => {
    open.add(storage)
    return storage
  }
  const context: CaseContext = {
    target,
    open: async (options: CaseStorageOptions = {}) =>
      track(await target.createStorage({ ...options, prefix: uniquePrefix() })),
    openUnreachable: async (options) => {
      if (!target.createUnreachableStorage) {
        throw new Error(`${target.name} has no createUnreachableStorage`)
      }
      return track(await target.createUnreachableStorage(options))
    },
    close: async (storage) => {
      open.delete(storage)
      await storage.close()
    },
  }
  let failed = false
  let failure: unknown
  try {
    await kase.run(context)
  } catch (error) {
    failed = true
    failure = error
  }
  const problems = await closeAll(open)
  if (failed) throw failure
  if (problems.length > 0) throw new Error(`Closing storages failed:\n- ${problems.join('\n- ')}`)
}

async function closeAll(storages: Iterable<SessionStorage>): Promise<string[]> {
  const outcomes = await Promise.all(
    [...storages].map((storage) =>
      settleWithin(
        Promise.resolve().then(() => storage.close()),
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

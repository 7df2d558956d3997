import { afterAll, describe, it, type TestContext } from 'vitest'
import { type CaseInfo, CaseSkipped } from './case.js'
import type { PlannedTest } from './plan.js'
import { SharedStart } from './shared-start.js'

/** The concurrent cases of this test file, started together (one per file: vitest isolates). */
const shared = new SharedStart()

/**
 * Register one vitest test per planned case under `describe(suiteName)`: concurrent cases are
 * started together by the file's `SharedStart`, the others run alone once those are done.
 */
export function registerSuite<C extends CaseInfo>(
  suiteName: string,
  plan: readonly PlannedTest<C>[],
  run: (kase: C) => Promise<void>,
): void {
  describe(suiteName, () => {
    for (const test of plan) {
      const options = { concurrent: test.concurrent, timeout: test.timeout }
      if (test.mode === 'skip') {
        it.skip(test.name, options, () => {})
        continue
      }
      if (!test.concurrent) {
        it(test.name, options, async (context) => {
          await shared.idle()
          await reportSkip(context, run(test.case))
        })
        continue
      }
      const key = testKey(suiteName, test.name)
      shared.add(key, () => run(test.case))
      it(test.name, options, async (context) => {
        await reportSkip(context, shared.result(key, willRunIn(context)))
      })
    }
    // Nothing started for this file may outlive it (the servers stop after this).
    const longest = Math.max(0, ...plan.map((test) => test.timeout))
    afterAll(() => shared.idle(), longest)
  })
}

async function reportSkip(context: TestContext, outcome: Promise<void>): Promise<void> {
  try {
    await outcome
  } catch (error) {
    if (error instanceof CaseSkipped) context.skip(error.reason)
    throw error
  }
}

function testKey(suite: string, test: string): string {
  return `${suite} › ${test}`
}

/** Which test keys of the running file vitest will run (not skipped, filtered out or todo). */
function willRunIn(context: TestContext): (key: string) => boolean {
  const runnable = new Set<string>()
  const visit = (task: Task) => {
    if (task.type === 'suite') for (const child of task.tasks ?? []) visit(child)
    else if (task.mode === 'run' || task.mode === 'queued') {
      runnable.add(testKey(task.suite?.name ?? '', task.name))
    }
  }
  visit(context.task.file as unknown as Task)
  return (key) => runnable.has(key)
}

/** The parts of a vitest task looked at above. */
interface Task {
  readonly type: string
  readonly name: string
  readonly mode: string
  readonly tasks?: readonly Task[]
  readonly suite?: { readonly name: string }
}

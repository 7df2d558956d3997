import type { ConformanceCase } from './case.js'
import { conformanceCases } from './cases/index.js'
import type { ConformanceTarget } from './target.js'

/** Milliseconds a case may take when the target sets no `caseTimeout`. */
export const DEFAULT_CASE_TIMEOUT = 30_000

/** One test the suite registers for a target. */
export interface PlannedTest {
  /** The case it runs. */
  readonly case: ConformanceCase
  /** Test title: `topic › title`, plus the reason when skipped. */
  readonly name: string
  /** `skip` only for the unreachable-server case of a target without a server. */
  readonly mode: 'run' | 'skip'
  /** Whether it runs concurrently with the other concurrent tests. */
  readonly concurrent: boolean
  /** Milliseconds it may take. */
  readonly timeout: number
}

/** The tests `testSessionStorage` registers for `target`, in order. */
export function planConformanceTests(
  target: ConformanceTarget,
  cases: readonly ConformanceCase[] = conformanceCases,
): PlannedTest[] {
  return cases.map((kase) => {
    const skipped = kase.needsUnreachable === true && !target.createUnreachableStorage
    const title = `${kase.topic} › ${kase.title}`
    return {
      case: kase,
      name: skipped
        ? `${title} (skipped: ${target.name} passes no createUnreachableStorage, as a backend without a server)`
        : title,
      mode: skipped ? 'skip' : 'run',
      concurrent: kase.kind !== 'exclusive',
      timeout: target.caseTimeout ?? DEFAULT_CASE_TIMEOUT,
    }
  })
}

import type { CaseInfo, CaseNeed, ConformanceCase } from './case.js'
import { conformanceCases } from './cases/index.js'
import type { DriverConformanceCase } from './driver-case.js'
import { driverConformanceCases } from './driver-cases/index.js'
import type { DriverConformanceTarget } from './driver-target.js'
import type { ConformanceTarget } from './target.js'

/** Milliseconds a case may take when the target sets no `caseTimeout`. */
export const DEFAULT_CASE_TIMEOUT = 30_000

/** One test a suite registers for a target. */
export interface PlannedTest<C extends CaseInfo = ConformanceCase> {
  /** The case it runs. */
  readonly case: C
  /** Test title: `topic › title`, plus the reason when skipped. */
  readonly name: string
  /** `skip` when the target lacks what the case needs (the name says what). */
  readonly mode: 'run' | 'skip'
  /** Whether it runs concurrently with the other concurrent tests. */
  readonly concurrent: boolean
  /** Milliseconds it may take. */
  readonly timeout: number
}

/** What planning looks at in a target. */
interface PlanTarget {
  readonly name: string
  readonly capabilities?:
    | { readonly fieldTtl?: string | undefined; readonly owners?: string | undefined }
    | undefined
  readonly caseTimeout?: number | undefined
  readonly clock?: { readonly simulated: boolean } | undefined
  readonly skipCases?: Readonly<Record<string, string>> | undefined
}

/** The tests `testSessionStorage` registers for `target`, in order. */
export function planConformanceTests(
  target: ConformanceTarget,
  cases: readonly ConformanceCase[] = conformanceCases,
): PlannedTest[] {
  const unreachable = target.createUnreachableStorage
    ? undefined
    : `${target.name} passes no createUnreachableStorage, as a backend without a server`
  return planTests(target, cases, unreachable)
}

/** The tests `testSessionDriver` registers for `target`, in order. */
export function planDriverConformanceTests(
  target: DriverConformanceTarget,
  cases: readonly DriverConformanceCase[] = driverConformanceCases,
): PlannedTest<DriverConformanceCase>[] {
  const unreachable = target.createUnreachableDriver
    ? undefined
    : `${target.name} passes no createUnreachableDriver, as a driver without a server`
  return planTests(target, cases, unreachable)
}

/**
 * Cases that must run alone come first; a case is skipped when the target lacks what it
 * needs; with a simulated clock every case runs alone.
 */
function planTests<C extends CaseInfo>(
  target: PlanTarget,
  cases: readonly C[],
  noUnreachable: string | undefined,
): PlannedTest<C>[] {
  const ordered = [
    ...cases.filter((kase) => kase.kind === 'exclusive'),
    ...cases.filter((kase) => kase.kind !== 'exclusive'),
  ]
  return ordered.map((kase) => {
    const title = `${kase.topic} › ${kase.title}`
    const skipped =
      target.skipCases?.[kase.id] ??
      kase.needs
        .map((need) => (need === 'unreachable' ? noUnreachable : lacks(target, need)))
        .find((reason) => reason !== undefined)
    return {
      case: kase,
      name: skipped ? `${title} (skipped: ${skipped})` : title,
      mode: skipped ? 'skip' : 'run',
      concurrent: kase.kind !== 'exclusive' && target.clock?.simulated !== true,
      timeout: target.caseTimeout ?? DEFAULT_CASE_TIMEOUT,
    }
  })
}

/** Why `target` lacks the capability `need`, or undefined when it has it. */
function lacks(target: PlanTarget, need: CaseNeed): string | undefined {
  const owners = target.capabilities?.owners ?? 'none'
  const declares = `${target.name} declares owners '${owners}'`
  switch (need) {
    case 'fieldTtl':
      return target.capabilities?.fieldTtl === 'none'
        ? `${target.name} declares fieldTtl 'none'`
        : undefined
    case 'ownerList':
      return owners === 'list' ? undefined : declares
    case 'ownerRevoke':
      return owners === 'list' || owners === 'revoke-all' ? undefined : declares
    case 'noOwners':
      return owners === 'none' ? undefined : declares
    default:
      return undefined
  }
}

import type { SessionStorage } from '@sessionkit/core'
import type { CaseClock } from './clock.js'
import type { ConformanceTarget, UnreachableStorageOptions } from './target.js'

/** Options a case may give when it opens a storage; the kit adds a unique prefix. */
export interface CaseStorageOptions {
  /** Session TTL in seconds. */
  readonly ttl?: number
  /** Largest session in bytes. */
  readonly maxSize?: number
  /** Operation timeout in milliseconds. */
  readonly timeout?: number
  /** Share of the TTL after which a read restarts it (core's `refreshAfter`). */
  readonly refreshAfter?: number
}

/** What a running storage case gets: storages of the backend under test, closed when it ends. */
export interface CaseContext {
  /** The backend under test. */
  readonly target: ConformanceTarget
  /** The time the case sees and waits on (the target's clock; real time by default). */
  readonly clock: CaseClock
  /** A new storage with a prefix no other storage uses; closed when the case ends. */
  open(options?: CaseStorageOptions): Promise<SessionStorage>
  /** A storage pointed at a server that does not answer; closed when the case ends. */
  openUnreachable(options: UnreachableStorageOptions): Promise<SessionStorage>
  /** Close `storage` now (once); the case-end cleanup then skips it. */
  close(storage: SessionStorage): Promise<void>
  /**
   * Another storage on the same sessions as `storage` (same prefix and options), as a second
   * app server has; `storage` itself when the target keeps sessions inside the process.
   */
  openSharing(storage: SessionStorage): Promise<SessionStorage>
}

/** How a case must be scheduled. */
export type CaseKind =
  /** Quick and independent: runs concurrently with the others. */
  | 'quick'
  /** Waits for TTLs to pass (seconds): runs concurrently with the others. */
  | 'timed'
  /** Measures the whole process (e.g. its open handles), or loads the server heavily: runs alone. */
  | 'exclusive'

/** What a case needs of the target beyond a working storage or driver. */
export type CaseNeed =
  /** A storage or driver whose server does not answer (`createUnreachable…`). */
  | 'unreachable'
  /** Per-field TTL (`capabilities.fieldTtl` other than 'none'). */
  | 'fieldTtl'
  /** Listing and revoking an owner's sessions (`capabilities.owners` 'list'). */
  | 'ownerList'
  /** Revoking all of an owner's sessions (`capabilities.owners` 'list' or 'revoke-all'). */
  | 'ownerRevoke'
  /** No owner support (`capabilities.owners` 'none' or absent): the calls must be refused. */
  | 'noOwners'

/** What every case is, whatever it runs against. */
export interface CaseInfo {
  /** Stable id, `topic/slug`, e.g. `lifecycle/flash-once`. */
  readonly id: string
  /** Topic the case belongs to, e.g. `lifecycle`. */
  readonly topic: string
  /** What the backend must do, as a sentence for the test title. */
  readonly title: string
  /** How the case must be scheduled. */
  readonly kind: CaseKind
  /** What it needs of the target; it is skipped, saying why, when the target lacks it. */
  readonly needs: readonly CaseNeed[]
}

/** A case run against `Context`: a plain async function that throws when the backend misbehaves. */
export interface Case<Context> extends CaseInfo {
  /** Run the case; resolves when the backend conforms, rejects with what went wrong. */
  run(context: Context): Promise<void>
}

/** One storage conformance case (`testSessionStorage`). */
export type ConformanceCase = Case<CaseContext>

/** Scheduling and needs of a case, when it is not a quick one that needs nothing. */
export interface CaseOptions {
  /** How the case must be scheduled (default `quick`). */
  readonly kind?: CaseKind
  /** What it needs of the target (default nothing). */
  readonly needs?: readonly CaseNeed[]
}

/**
 * The definer of the cases of `topic` whose functions live in the module `load` imports, on
 * the first run of one of them: `define(slug, title, (module) => module.fn, options?)`. Each
 * case's id is `topic/slug`.
 */
export function lazyCases<Context, Module>(
  topic: string,
  load: () => Promise<Module>,
): (
  slug: string,
  title: string,
  pick: (module: Module) => (context: Context) => Promise<void>,
  options?: CaseOptions,
) => Case<Context> {
  return (slug, title, pick, options = {}) => ({
    id: `${topic}/${slug}`,
    topic,
    title,
    kind: options.kind ?? 'quick',
    needs: options.needs ?? [],
    run: async (context) => pick(await load())(context),
  })
}

/**
 * Thrown by a case that finds, only once it runs, that it does not apply to the backend (say,
 * a driver without `move`); the suite reports the case as skipped with `reason`.
 */
export class CaseSkipped extends Error {
  constructor(readonly reason: string) {
    super(`skipped: ${reason}`)
    this.name = 'CaseSkipped'
  }
}

import type { SessionStorage } from '@sessionkit/core'
import type { ConformanceTarget, UnreachableStorageOptions } from './target.js'

/** Options a case may give when it opens a storage; the kit adds a unique prefix. */
export interface CaseStorageOptions {
  /** Session TTL in seconds. */
  readonly ttl?: number
  /** Largest session in bytes. */
  readonly maxSize?: number
  /** Operation timeout in milliseconds. */
  readonly timeout?: number
}

/** What a running case gets: storages of the backend under test, closed when it ends. */
export interface CaseContext {
  /** The backend under test. */
  readonly target: ConformanceTarget
  /** A new storage with a prefix no other storage uses; closed when the case ends. */
  open(options?: CaseStorageOptions): Promise<SessionStorage>
  /** A storage pointed at a server that does not answer; closed when the case ends. */
  openUnreachable(options: UnreachableStorageOptions): Promise<SessionStorage>
  /** Close `storage` now (once); the case-end cleanup then skips it. */
  close(storage: SessionStorage): Promise<void>
}

/** How a case must be scheduled. */
export type CaseKind =
  /** Quick and independent: runs concurrently with the others. */
  | 'quick'
  /** Waits for TTLs to pass (seconds): runs concurrently with the others. */
  | 'timed'
  /** Measures the whole process (e.g. its open handles): runs alone. */
  | 'exclusive'

/** One conformance case: a plain async function that throws when the storage misbehaves. */
export interface ConformanceCase {
  /** Stable id, `topic/slug`, e.g. `lifecycle/flash-once`. */
  readonly id: string
  /** Topic the case belongs to, e.g. `lifecycle`. */
  readonly topic: string
  /** What the storage must do, as a sentence for the test title. */
  readonly title: string
  /** How the case must be scheduled. */
  readonly kind: CaseKind
  /** Set when the case needs `createUnreachableStorage`. */
  readonly needsUnreachable?: true
  /** Run the case; resolves when the storage conforms, rejects with what went wrong. */
  run(context: CaseContext): Promise<void>
}

/** Scheduling and needs of a case, when it is not a quick one that needs nothing. */
export interface CaseOptions {
  /** How the case must be scheduled (default `quick`). */
  readonly kind?: CaseKind
  /** Set when the case needs `createUnreachableStorage`. */
  readonly needsUnreachable?: true
}

/** A function that defines the cases of one topic: `define(slug, title, run, options?)`. */
export type CaseDefiner = (
  slug: string,
  title: string,
  run: (context: CaseContext) => Promise<void>,
  options?: CaseOptions,
) => ConformanceCase

/** The definer of the cases of `topic`; each case's id is `topic/slug`. */
export function topicCases(topic: string): CaseDefiner {
  return (slug, title, run, options = {}) => ({
    id: `${topic}/${slug}`,
    topic,
    title,
    kind: options.kind ?? 'quick',
    ...(options.needsUnreachable ? { needsUnreachable: true as const } : {}),
    run,
  })
}

import type { BenchOptions } from '../cli/options.js'
import type { RunningServers } from '../servers/servers.js'
import { sessionFields } from '../session/session-fields.js'
import type { Endpoint, SessionTarget, TargetDefinition } from '../targets/target.js'

/** What the throughput and counting passes need. */
export interface MatrixContext {
  readonly options: BenchOptions
  readonly targets: readonly TargetDefinition[]
  readonly servers: RunningServers
  /** Distinguishes this run's keys from any other's on a shared server. */
  readonly runId: string
  /** Progress, one line at a time (stderr). */
  readonly log: (line: string) => void
}

/**
 * Open `def` on its server (or at `endpoint`, e.g. a counting proxy) with the prefix of this
 * run, target and size, for sessions of `sizeKiB`.
 */
export function openTarget(
  def: TargetDefinition,
  context: Pick<MatrixContext, 'servers' | 'runId' | 'options'>,
  sizeKiB: number,
  endpoint: Endpoint | undefined = def.server ? context.servers.endpoint(def.server) : undefined,
): Promise<SessionTarget> {
  return def.open({
    endpoint,
    prefix: `bench:${context.runId}:${def.name}:${sizeKiB}:`,
    fields: sessionFields(sizeKiB * 1024),
    ttl: context.options.ttl,
  })
}

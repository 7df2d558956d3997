/** The parts of a V8 `.cpuprofile` (from `node --cpu-prof`) a summary needs. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      readonly lineNumber: number
    }
  }[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

/** Self time of one function. */
export interface FunctionTime {
  readonly group: string
  readonly name: string
  /** `file:line` (1-based line), or '' for native frames. */
  readonly location: string
  readonly ms: number
}

/** Self time by group and by function, idle time apart. */
export interface ProfileSummary {
  /** Time with something on the stack, ms. */
  readonly busyMs: number
  /** Time the thread waited (for I/O, timers), ms. */
  readonly idleMs: number
  /** Self time per group, largest first; the groups under 0.5% added up last. */
  readonly groups: readonly { readonly group: string; readonly ms: number }[]
  /** Self time per function, largest first. */
  readonly functions: readonly FunctionTime[]
}

const SESSIONKIT_PACKAGES = /\/packages\/(core|memory|redis|memcache|conformance)\//
/** Groups below this share of busy time are added up as one "other" line. */
const MINOR_SHARE = 0.005

/**
 * The group a frame's time goes to: `sessionkit core`, `sessionkit backend (NAME)`, `library
 * NAME` (a package under node_modules), `sessionkit test-server harness`, `bench harness`,
 * `node internals` (node: modules, native code such as socket writes, the V8 runtime), `GC`,
 * or `idle`.
 */
export function groupOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle'
  if (functionName === '(garbage collector)') return 'GC'
  const sessionkit = SESSIONKIT_PACKAGES.exec(url)?.[1]
  if (sessionkit === 'core') return 'sessionkit core'
  if (sessionkit === 'conformance') return 'sessionkit test-server harness'
  if (sessionkit) return `sessionkit backend (${sessionkit})`
  const library = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
  if (library) return `library ${library}`
  if (/\/bench\/(dist|src)\//.test(url)) return 'bench harness'
  return 'node internals'
}

/** Summarise a CPU profile: self time per group and per function. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const byFunction = new Map<string, FunctionTime>()
  for (const [i, id] of profile.samples.entries()) {
    const frame = nodes.get(id)
    if (!frame) continue
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const location = frame.url ? `${shortPath(frame.url)}:${frame.lineNumber + 1}` : ''
    const name = frame.functionName || '(anonymous)'
    const key = `${name}@${location}`
    const previous = byFunction.get(key)
    byFunction.set(key, {
      group: groupOf(frame.url, frame.functionName),
      name,
      location,
      ms: (previous?.ms ?? 0) + ms,
    })
  }
  const functions = [...byFunction.values()].sort((a, b) => b.ms - a.ms)
  const groupTimes = new Map<string, number>()
  for (const f of functions) groupTimes.set(f.group, (groupTimes.get(f.group) ?? 0) + f.ms)
  const idleMs = groupTimes.get('idle') ?? 0
  groupTimes.delete('idle')
  const busyMs = [...groupTimes.values()].reduce((sum, ms) => sum + ms, 0)
  const sorted = [...groupTimes].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms)
  const minor = sorted.filter((g) => g.ms < busyMs * MINOR_SHARE)
  const groups = sorted.filter((g) => g.ms >= busyMs * MINOR_SHARE)
  if (minor.length > 0) {
    groups.push({
      group: `other (${minor.length} groups, each < ${MINOR_SHARE * 100}%)`,
      ms: minor.reduce((sum, g) => sum + g.ms, 0),
    })
  }
  return {
    busyMs,
    idleMs,
    groups,
    functions: functions.filter((f) => f.group !== 'idle'),
  }
}

/** A path from the package or node_modules folder on: `packages/core/dist/x.js`. */
function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '')
  const at = Math.max(path.lastIndexOf('/node_modules/'), path.search(/\/(packages|bench)\//))
  return at === -1 ? path : path.slice(at + 1)
}

import type { WireCount } from '../measure/results.js'
import type { Cycle, TargetDefinition } from '../targets/target.js'
import { markdownTable } from './markdown-table.js'

/** What the server CPU table needs of a run. */
export interface ServerCpuInput {
  readonly cycles: readonly Cycle[]
  readonly sizes: readonly number[]
  readonly targets: readonly TargetDefinition[]
  readonly counts: readonly WireCount[]
}

/**
 * The server's own CPU time per cycle (µs) of each networked target, from the counting pass: a
 * column per cycle, one figure per session size, with the time spent running commands where the
 * server counts it. Undefined when no count has one.
 */
export function serverCpuTable(input: ServerCpuInput): string | undefined {
  const find = (target: string, cycle: Cycle, sizeKiB: number) =>
    input.counts.find((c) => c.target === target && c.cycle === cycle && c.sizeKiB === sizeKiB)
  const rows: string[][] = []
  for (const target of input.targets) {
    const measured = (cycle: Cycle, sizeKiB: number) =>
      find(target.name, cycle, sizeKiB)?.serverCpuMicros !== undefined
    if (!input.cycles.some((cycle) => input.sizes.some((s) => measured(cycle, s)))) continue
    const cells = input.cycles.map((cycle) =>
      input.sizes.map((sizeKiB) => formatTime(find(target.name, cycle, sizeKiB))).join(' / '),
    )
    rows.push([target.family, target.label, ...cells])
  }
  if (rows.length === 0) return undefined
  const sizes = input.sizes.map((s) => `${s}`).join(' / ')
  return [
    '## Server CPU per cycle: µs',
    '',
    `The server process's own CPU time (user + system, all its threads; \`INFO cpu\` on Redis and Valkey, \`stats\` on memcached), read before and after each window of 20 counted cycles of the counting pass (one cycle at a time, through the proxy), per cycle, the median window; one figure per session size (${sizes} KiB). In brackets, on Redis and Valkey, the time spent running the commands themselves (\`INFO commandstats\`, elapsed as the server measures it; a script counts with the commands it calls). It includes the server's socket reads and writes, which at one cycle at a time cost far more than the commands themselves, and the stats query that ends each measurement. The server shares the machine's cores with the client: what it spends here is not available to the client at higher concurrency.`,
    '',
    markdownTable(
      ['family', 'target', ...input.cycles.map((cycle) => `${cycle} (${sizes} KiB)`)],
      rows,
      ['left', 'left'],
    ),
  ].join('\n')
}

function formatTime(count: WireCount | undefined): string {
  if (count?.serverCpuMicros === undefined) return '–'
  const cpu = count.serverCpuMicros.toFixed(1)
  const commands = count.serverCommandMicros
  return commands === undefined ? cpu : `${cpu} (${commands.toFixed(1)})`
}

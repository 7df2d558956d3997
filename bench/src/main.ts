/**
 * `npm run bench`: sessionkit against its peers and raw-client floors on the same servers in
 * one run. Progress goes to stderr, the report (Markdown) to stdout and, with the raw JSON and
 * the SVG charts, to the results folder. See bench/README.md.
 */
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { type BenchOptions, parseBenchOptions, USAGE, UsageError } from './cli/options.js'
import { runCountPass } from './count/count-pass.js'
import { estimateSeconds, selectTargets, serversOf } from './measure/plan.js'
import type { WireCount } from './measure/results.js'
import { runMatrix } from './measure/run-matrix.js'
import { runMeta } from './report/run-meta.js'
import { writeResults } from './report/write-results.js'
import { type RunningServers, startServers } from './servers/servers.js'
import { TARGETS } from './targets/registry.js'
import { tracedSummary, withTracedTwins } from './targets/sessionkit.js'
import { withDriverTwins } from './targets/sessionkit-drivers.js'

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)

async function main(options: BenchOptions): Promise<void> {
  if (options.help) return void process.stdout.write(USAGE)
  if (options.list) {
    for (const t of TARGETS)
      process.stdout.write(
        `${t.name.padEnd(24)} ${t.family.padEnd(9)} ${t.kind.padEnd(11)} ${t.label}\n`,
      )
    return
  }
  const loadAtStart = loadavg()[0] ?? 0
  const selected = selectTargets(TARGETS, options)
  const traced = options.trace ? withTracedTwins(selected) : selected
  const targets = options.breakdown ? withDriverTwins(traced) : traced
  const estimate = estimateSeconds(options, targets)
  log(`${targets.length} targets; estimated ${formatDuration(estimate)} (servers aside)`)
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    log('no --expose-gc: repetitions start without a GC (npm run bench passes it)')
  }

  const servers = await startServers(serversOf(targets))
  const stopOnSignal = stopServersOn(servers)
  try {
    for (const [name, version] of Object.entries(servers.versions)) log(`${name}: ${version}`)
    const context = { options, targets, servers, runId: Date.now().toString(36), log }
    const { measurements, skipped } = await runMatrix(context)
    let counts: WireCount[] = []
    if (options.count) {
      log('counting pass: bytes and round trips through a proxy, one cycle at a time')
      const countFrom = performance.now()
      const counted = await runCountPass(context, skipped)
      log(`counting pass: ${Math.round((performance.now() - countFrom) / 1000)} s`)
      counts = counted.counts
      skipped.push(...counted.skipped)
    }
    const full = parseBenchOptions(options.quick ? ['--quick'] : [])
    const same = (a: readonly unknown[], b: readonly unknown[]) => a.join() === b.join()
    const filtered =
      selected.length !== TARGETS.length ||
      !same(options.cycles, full.cycles) ||
      !same(options.sizes, full.sizes) ||
      !same(options.concurrency, full.concurrency)
    const out =
      options.out ??
      fileURLToPath(new URL(options.quick ? '../results/quick/' : '../results/', import.meta.url))
    const report = await writeResults(out, {
      meta: runMeta(options, servers.versions, filtered, loadAtStart),
      cycles: options.cycles,
      sizes: options.sizes,
      concurrency: options.concurrency,
      targets,
      measurements,
      counts,
      skipped,
    })
    process.stdout.write(report)
    if (options.trace) log(`traced operations: ${tracedSummary()}`)
    log(`results written to ${out}`)
  } finally {
    stopOnSignal()
    await servers.stop()
  }
}

/** Stop the servers (containers) when the run is interrupted; returns the unsubscriber. */
function stopServersOn(servers: RunningServers): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the servers`)
    void servers.stop().finally(() => process.exit(130))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

function formatDuration(seconds: number): string {
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`
}

try {
  await main(parseBenchOptions(process.argv.slice(2)))
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`)
  } else {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
  }
  process.exitCode = 1
}
// Some clients keep timers or sockets a little after close; the run is over.
process.exit(process.exitCode ?? 0)

/**
 * `node bench/dist/profile/main.js FILE.cpuprofile [--top N]`: self time of a `node --cpu-prof`
 * profile by group (sessionkit core, backend, client library, node internals, GC) and the
 * top functions, as Markdown on stdout. See bench/README.md, "Profiling".
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { formatCount, markdownTable } from '../report/markdown-table.js'
import { type CpuProfile, summarizeProfile } from './summarize-profile.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
})
if (positionals.length === 0) {
  process.stderr.write('usage: node bench/dist/profile/main.js FILE.cpuprofile... [--top N]\n')
  process.exit(1)
}
for (const file of positionals) {
  const summary = summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile)
  const share = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1)}%`
  const ms = (value: number) => formatCount(Math.round(value))
  process.stdout.write(
    [
      `## ${file}`,
      '',
      `Busy ${ms(summary.busyMs)} ms, idle ${ms(summary.idleMs)} ms. Self time by group (share of busy time):`,
      '',
      markdownTable(
        ['group', 'ms', 'share'],
        summary.groups.map((g) => [g.group, ms(g.ms), share(g.ms)]),
      ),
      '',
      `Top ${values.top} functions by self time:`,
      '',
      markdownTable(
        ['group', 'function', 'where', 'ms', 'share'],
        summary.functions
          .slice(0, Number(values.top))
          .map((f) => [f.group, f.name, f.location, ms(f.ms), share(f.ms)]),
        ['left', 'left', 'left'],
      ),
      '',
    ].join('\n'),
  )
}

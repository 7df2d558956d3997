// Sums the JSON reports vitest wrote for one `npm test` run into one line:
// `N passed, N failed, N skipped`. Usage: node scripts/test-summary.mjs REPORT_NAME SINCE_MS [RC]
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const [reportName = '.vitest-results.json', since = '0', rc = '0'] = process.argv.slice(2)
const root = new URL('..', import.meta.url).pathname
const totals = { passed: 0, failed: 0, skipped: 0, reports: 0 }

for (const group of ['packages', 'examples', 'bench']) {
  const dir = join(root, group)
  const folders = group === 'bench' ? [dir] : safeList(dir).map((name) => join(dir, name))
  for (const folder of folders) {
    const file = join(folder, reportName)
    let stat
    try {
      stat = statSync(file)
    } catch {
      continue
    }
    if (stat.mtimeMs < Number(since)) continue
    const report = JSON.parse(readFileSync(file, 'utf8'))
    totals.passed += report.numPassedTests ?? 0
    totals.failed += report.numFailedTests ?? 0
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
    totals.reports++
  }
}

let line = `${totals.passed} passed, ${totals.failed} failed`
if (totals.skipped > 0) line += `, ${totals.skipped} skipped`
if (rc !== '0' && totals.failed === 0)
  line += ' (a test run failed before it could report: see above)'
console.log(line)

function safeList(dir) {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

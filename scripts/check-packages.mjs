// Checks that `npm pack` of every publishable package holds what a user needs (every file its
// `exports` map names) and nothing else.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const always = ['package.json', 'README.md', 'LICENSE']
const forbidden = [
  /\.test\./,
  /^src\//,
  /(?<!\.d)\.ts$/,
  /tsconfig/,
  /vitest\.config/,
  /\.map$/,
  /test-support/,
]
let failed = false

for (const name of readdirSync('packages')) {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: `packages/${name}`,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const [pack] = JSON.parse(output)
  const files = pack.files.map((file) => file.path)
  // Every file the package's `exports` map points at (dist/index.js, dist/driver.d.ts, ...).
  const manifest = JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8'))
  const required = [...new Set([...always, ...exportTargets(manifest.exports)])]
  const missing = required.filter((path) => !files.includes(path))
  const extra = files.filter((path) => forbidden.some((pattern) => pattern.test(path)))
  const verdict = missing.length === 0 && extra.length === 0 ? 'ok' : 'FAILED'
  console.log(`${pack.name}: ${files.length} files, ${pack.size} bytes packed: ${verdict}`)
  for (const path of missing) console.log(`  missing ${path}`)
  for (const path of extra) console.log(`  should not ship ${path}`)
  if (verdict !== 'ok') failed = true
}
process.exit(failed ? 1 : 0)

/** The file paths (without './') an `exports` map points at, through every condition. */
function exportTargets(exports) {
  if (typeof exports === 'string') return [exports.replace(/^\.\//, '')]
  if (exports === null || typeof exports !== 'object') return []
  return Object.values(exports).flatMap(exportTargets)
}

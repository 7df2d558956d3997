// `npm run test:unit`: only the fast tests that need no servers, in every workspace.
// A test file is left out when it (or a local module it imports, transitively) imports the
// real-server harness (@sessionkit/test-servers, testcontainers), drives a browser
// (playwright-core) or spawns processes (node:child_process: package installs, import
// guards). Packages must be built first.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(new URL('..', import.meta.url).pathname)
const INTEGRATION = [
  /^@sessionkit\/test-servers(\/|$)/,
  /^testcontainers(\/|$)/,
  /^playwright-core(\/|$)/,
  /^node:child_process$/,
]
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm

const workspaces = [
  ...['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group)).map((name) => join(root, group, name)),
  ),
  join(root, 'bench'),
].filter((dir) => existsSync(join(dir, 'package.json')))

const needsServers = new Map()
/** Whether `file` reaches a server harness or a child process through its imports. */
function integration(file, seen = new Set()) {
  if (needsServers.has(file)) return needsServers.get(file)
  if (seen.has(file)) return false
  seen.add(file)
  let result = false
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]
    if (INTEGRATION.some((pattern) => pattern.test(specifier))) result = true
    else if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts')
      if (existsSync(target) && integration(target, seen)) result = true
    }
    if (result) break
  }
  needsServers.set(file, result)
  return result
}

function testFiles(dir) {
  const found = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) found.push(...testFiles(path))
    else if (name.endsWith('.test.ts')) found.push(path)
  }
  return found
}

let failed = false
for (const workspace of workspaces) {
  const src = join(workspace, 'src')
  if (!existsSync(src)) continue
  const files = testFiles(src).filter((file) => !integration(file))
  if (files.length === 0) continue
  const name = relative(root, workspace)
  console.error(`[test:unit] ${name}: ${files.length} file(s)`)
  const run = spawnSync('npx', ['vitest', 'run', ...files.map((f) => relative(workspace, f))], {
    cwd: workspace,
    stdio: 'inherit',
  })
  if (run.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)

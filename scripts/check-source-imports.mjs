// Checks that no package's src/ depends on test code. Every source file under packages/*/src and
// examples/*/src other than `*.test.*` files (test helpers belong in a `test-support` folder at
// the package root, outside src/) may import only Node built-ins, relative paths that do not go
// through a `test-support` folder, its own package, and what its package.json declares in
// dependencies or peerDependencies; and never the test kits (@sessionkit/conformance,
// @sessionkit/test-servers) nor vitest, except in a package that declares vitest as a peer (the
// conformance kit itself). Type-only imports count: they end up in the published .d.ts files.
//
// Usage: node scripts/check-source-imports.mjs [repository root]; exits 1 listing every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'

const TEST_KITS = ['@sessionkit/conformance', '@sessionkit/test-servers']
const SOURCE = /\.(?:[cm]?ts|[cm]?js|tsx|jsx)$/
const TEST_FILE = /\.test\.[^/]+$/

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'))
const violations = []
let checked = 0

for (const group of ['packages', 'examples']) {
  for (const name of listDir(join(root, group))) {
    const dir = join(root, group, name)
    const manifestPath = join(dir, 'package.json')
    if (!isFile(manifestPath)) continue
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ])
    for (const file of sourceFiles(join(dir, 'src'))) {
      checked++
      const text = readFileSync(file, 'utf8')
      for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
        const reason = problemWith(specifier, manifest.name, declared)
        if (reason) violations.push(`${relative(root, file)}: imports '${specifier}' (${reason})`)
      }
    }
  }
}

for (const line of violations) console.log(line)
console.log(
  `${checked} source files checked: ${violations.length === 0 ? 'ok' : `${violations.length} forbidden imports`}`,
)
process.exit(violations.length === 0 ? 0 : 1)

/** Why `specifier` may not be imported by non-test code of package `own`; undefined if it may. */
function problemWith(specifier, own, declared) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    return specifier.split('/').includes('test-support') ? 'test support code' : undefined
  }
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined
  const name = packageName(specifier)
  if (TEST_KITS.includes(name)) return 'a test kit: devDependency of tests only'
  if (name === 'vitest' && !declared.has('vitest')) return 'the test runner: tests only'
  if (name === own || declared.has(name)) return undefined
  return 'not in dependencies or peerDependencies'
}

function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Source files under `dir`, recursively, other than tests and declarations. */
function* sourceFiles(dir) {
  for (const entry of listDir(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules') yield* sourceFiles(path)
    } else if (SOURCE.test(entry) && !TEST_FILE.test(entry) && !entry.endsWith('.d.ts')) {
      yield path
    }
  }
}

function listDir(dir) {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

function isFile(path) {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

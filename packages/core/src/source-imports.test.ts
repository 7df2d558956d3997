import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// A repository-wide guard, kept with core's tests (they need no server): the script must find no
// package whose src/ imports test code, and must name each kind of forbidden import.
const repository = join(dirname(fileURLToPath(import.meta.url)), '../../..')
const script = join(repository, 'scripts/check-source-imports.mjs')

function check(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' })
  return { status: run.status, output: run.stdout + run.stderr }
}

const scratch = mkdtempSync(join(tmpdir(), 'sk-source-imports-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function write(path: string, text: string): void {
  mkdirSync(dirname(join(scratch, path)), { recursive: true })
  writeFileSync(join(scratch, path), text)
}

describe('source imports guard', () => {
  it('finds no src/ of this repository importing test code', () => {
    const { status, output } = check(repository)
    expect(output).toMatch(/\d+ source files checked: ok/)
    expect(status).toBe(0)
  })

  it('names every forbidden import, and only those', () => {
    const manifest = (name: string, extra: object = {}) =>
      JSON.stringify({ name, dependencies: { '@sessionkit/core': '0.1.0' }, ...extra })
    write('packages/backend/package.json', manifest('backend'))
    write(
      'packages/backend/src/driver.ts',
      [
        "import { createSessionStorage } from '@sessionkit/core'",
        "import type { TestServer } from '@sessionkit/test-servers'",
        "import { it } from 'vitest'",
        "import { helper } from './test-support/helper.js'",
        "import { z } from 'zod'",
        "import { readFile } from 'node:fs/promises'",
        "import { join } from 'path'",
        "import { own } from 'backend/internal'",
        "// import { commented } from '@sessionkit/conformance'",
      ].join('\n'),
    )
    write(
      'packages/backend/src/test-support/helper.ts',
      "export const target = await import('@sessionkit/conformance')",
    )
    write('packages/backend/src/driver.test.ts', "import { it } from 'vitest'")
    write('packages/backend/test-support/fixture.ts', "import { it } from 'vitest'")
    write('packages/kit/package.json', manifest('kit', { peerDependencies: { vitest: '*' } }))
    write('packages/kit/src/suite.ts', "import { describe } from 'vitest'")

    const { status, output } = check(scratch)
    expect(status).toBe(1)
    const lines = output.trim().split('\n')
    expect(lines).toEqual([
      "packages/backend/src/driver.ts: imports '@sessionkit/test-servers' (a test kit: devDependency of tests only)",
      "packages/backend/src/driver.ts: imports 'vitest' (the test runner: tests only)",
      "packages/backend/src/driver.ts: imports './test-support/helper.js' (test support code)",
      "packages/backend/src/driver.ts: imports 'zod' (not in dependencies or peerDependencies)",
      "packages/backend/src/test-support/helper.ts: imports '@sessionkit/conformance' (a test kit: devDependency of tests only)",
      '3 source files checked: 5 forbidden imports',
    ])
  })
})

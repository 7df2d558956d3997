import { planConformanceTests } from './plan.js'
import { registerSuite } from './register-suite.js'
import { runConformanceCase } from './run-case.js'
import type { ConformanceTarget } from './target.js'

/**
 * Register the sessionkit conformance suite for one storage in the calling vitest file: one
 * test per case, under `describe('sessionkit conformance: <name>')`. The concurrent cases of
 * the file start together; each opens its own storages (unique prefixes) and closes them.
 */
export function testSessionStorage(target: ConformanceTarget): void {
  registerSuite(`sessionkit conformance: ${target.name}`, planConformanceTests(target), (kase) =>
    runConformanceCase(kase, target),
  )
}

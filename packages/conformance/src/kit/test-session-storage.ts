import { describe, it } from 'vitest'
import { planConformanceTests } from './plan.js'
import { runConformanceCase } from './run-case.js'
import type { ConformanceTarget } from './target.js'

/**
 * Register the sessionkit conformance suite for one backend in the calling vitest file: one
 * test per case, under `describe('sessionkit conformance: <name>')`. Quick and timed cases run
 * concurrently; each opens its own storages (unique prefixes) and closes them.
 */
export function testSessionStorage(target: ConformanceTarget): void {
  describe(`sessionkit conformance: ${target.name}`, () => {
    for (const test of planConformanceTests(target)) {
      const options = { concurrent: test.concurrent, timeout: test.timeout }
      if (test.mode === 'skip') it.skip(test.name, options, () => {})
      else it(test.name, options, () => runConformanceCase(test.case, target))
    }
  })
}

import type { DriverConformanceTarget } from './driver-target.js'
import { planDriverConformanceTests } from './plan.js'
import { registerSuite } from './register-suite.js'
import { runDriverConformanceCase } from './run-case.js'

/**
 * Register the driver-level conformance suite for one `SessionDriver` in the calling vitest
 * file: one test per case of the driver contract, under
 * `describe('sessionkit driver conformance: <name>')`. Call it beside `testSessionStorage`:
 * the storage suite checks what apps see, this one the promises of each driver call.
 */
export function testSessionDriver(target: DriverConformanceTarget): void {
  registerSuite(
    `sessionkit driver conformance: ${target.name}`,
    planDriverConformanceTests(target),
    (kase) => runDriverConformanceCase(kase, target),
  )
}

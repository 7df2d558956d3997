import { afterAll, beforeAll } from 'vitest'
import { createSimulatedClock } from '../kit/clock.js'
import { testSessionDriver } from '../kit/test-session-driver.js'
import { testSessionStorage } from '../kit/test-session-storage.js'
import { referenceDriverTarget, referenceTarget } from '../kit/test-support/reference-target.js'

// The kit as the test suite of its own reference driver, for mutation testing (npm run
// mutation): every case, on a simulated clock (the reference driver reads time only through
// Date.now()), so that a mutant takes seconds. Real time is reference.conformance.test.ts.
const clock = createSimulatedClock()
beforeAll(() => clock.install())
afterAll(() => clock.uninstall())

testSessionStorage(referenceTarget('reference driver', { clock }))
testSessionStorage(referenceTarget('reference driver with move', { clock, move: true }))
testSessionDriver(referenceDriverTarget('reference driver', { clock }))
testSessionDriver(referenceDriverTarget('reference driver with move', { clock, move: true }))

import { testSessionDriver } from './test-session-driver.js'
import { testSessionStorage } from './test-session-storage.js'
import { referenceDriverTarget, referenceTarget } from './test-support/reference-target.js'

// Correct storages and drivers must pass every case, through the very functions third
// parties call, in real time: the reference driver without move (core regenerates ids by
// create and destroy) and with one.
testSessionStorage(referenceTarget('reference driver'))
testSessionStorage(referenceTarget('reference driver with move', { move: true }))
testSessionDriver(referenceDriverTarget('reference driver'))
testSessionDriver(referenceDriverTarget('reference driver with move', { move: true }))

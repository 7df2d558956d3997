import { testSessionStorage } from './test-session-storage.js'
import { referenceTarget } from './test-support/reference-target.js'

// A correct storage (core over the reference driver) must pass every case, through the very
// wrapper third parties call.
testSessionStorage(referenceTarget('reference driver'))

import { targetsOf } from '../test-support/redis-targets.js'
import { standaloneConformance } from '../test-support/standalone-conformance.js'

// The shared conformance suite on Valkey 8.1, emulated field TTL, through each client package.
standaloneConformance(targetsOf('valkey8'))

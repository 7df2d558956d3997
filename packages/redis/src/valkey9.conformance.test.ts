import { targetsOf } from '../test-support/redis-targets.js'
import { standaloneConformance } from '../test-support/standalone-conformance.js'

// The shared conformance suite on Valkey 9, native field TTL, through each client package.
standaloneConformance(targetsOf('valkey9'))

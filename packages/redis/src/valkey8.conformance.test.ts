import { STANDALONE_TARGETS } from '../test-support/redis-targets.js'
import { standaloneConformance } from '../test-support/standalone-conformance.js'

// The shared conformance suite on Valkey 8.1 through iovalkey (valkey://), emulated field TTL.
const target = STANDALONE_TARGETS.find((t) => t.flavor === 'valkey8')
if (!target) throw new Error('unknown target')
standaloneConformance(target)

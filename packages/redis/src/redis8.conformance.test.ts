import { STANDALONE_TARGETS } from '../test-support/redis-targets.js'
import { standaloneConformance } from '../test-support/standalone-conformance.js'

// The shared conformance suite on Redis 8 through ioredis (redis://), native field TTL.
const target = STANDALONE_TARGETS.find((t) => t.flavor === 'redis8')
if (!target) throw new Error('unknown target')
standaloneConformance(target)

import { targetsOf } from '../test-support/redis-targets.js'
import { standaloneConformance } from '../test-support/standalone-conformance.js'

// The shared conformance suite on Redis 8, native field TTL, through each client package, and
// once more through node-redis with the record cache turned off.
const targets = targetsOf('redis8')
standaloneConformance([
  ...targets,
  ...targets
    .filter((target) => target.library === 'redis')
    .map((target) => ({ ...target, name: `${target.name}, cache off`, cache: false })),
])

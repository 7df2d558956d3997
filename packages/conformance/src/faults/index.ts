// @sessionkit/conformance/faults: load generators and figures for fault and soak tests on real
// servers (core only; no test framework).
export { formatLatency, type LatencySummary, summarizeLatency } from './latency.js'
export {
  formatSoakReport,
  runSoak,
  type SoakOptions,
  type SoakReport,
  soakDurationMs,
} from './soak.js'
export { formatCalls, type LoadCall, type LoadVerdict, VersionedLoad } from './versioned-load.js'

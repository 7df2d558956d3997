export type {
  Case,
  CaseContext,
  CaseInfo,
  CaseKind,
  CaseNeed,
  CaseStorageOptions,
  ConformanceCase,
} from './case.js'
export { CaseSkipped } from './case.js'
export { conformanceCases, getConformanceCase } from './cases/index.js'
export { type CaseClock, createSimulatedClock, realClock, type SimulatedClock } from './clock.js'
export type { DriverCaseContext, DriverConformanceCase } from './driver-case.js'
export { driverConformanceCases, getDriverConformanceCase } from './driver-cases/index.js'
export type {
  DriverConformanceOptions,
  DriverConformanceTarget,
  UnreachableDriverOptions,
} from './driver-target.js'
export {
  DEFAULT_CASE_TIMEOUT,
  type PlannedTest,
  planConformanceTests,
  planDriverConformanceTests,
} from './plan.js'
export { runConformanceCase, runDriverConformanceCase } from './run-case.js'
export type {
  ConformanceStorageOptions,
  ConformanceTarget,
  MaybePromise,
  UnreachableStorageOptions,
} from './target.js'
export { testSessionDriver } from './test-session-driver.js'
export { testSessionStorage } from './test-session-storage.js'

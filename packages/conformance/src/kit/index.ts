export type { CaseContext, CaseKind, CaseStorageOptions, ConformanceCase } from './case.js'
export { conformanceCases, getConformanceCase } from './cases/index.js'
export { DEFAULT_CASE_TIMEOUT, type PlannedTest, planConformanceTests } from './plan.js'
export { runConformanceCase } from './run-case.js'
export type {
  ConformanceStorageOptions,
  ConformanceTarget,
  MaybePromise,
  UnreachableStorageOptions,
} from './target.js'
export { testSessionStorage } from './test-session-storage.js'

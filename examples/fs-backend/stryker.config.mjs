// StrykerJS over this backend, with the sessionkit conformance suites as its test suite
// (src/fs-storage.mutation.test.ts, on a simulated clock): how a third party measures what the
// kit catches in their own driver. Run through `npm run mutation -w @sessionkit/conformance`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/**/*.ts', '!src/**/*.test.ts', '!src/index.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/fs-backend.json' },
  thresholds: { high: 95, low: 90, break: null },
  concurrency: 2,
  // A mutant is timed out at 3x the time its tests took unmutated, plus 10 s: generous, as
  // other jobs may share the machine (a hanging mutant counts as killed).
  timeoutFactor: 3,
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'reports', '.turbo'],
  cleanTempDir: 'always',
}

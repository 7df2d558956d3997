// StrykerJS over the kit's reference driver, with the kit as its test suite
// (src/mutation/reference.mutation.test.ts on a simulated clock). Run through `npm run mutation`
// (scripts/mutation.mjs), which also runs examples/fs-backend's and writes MUTATION.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/kit/test-support/reference-driver.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/reference-driver.json' },
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

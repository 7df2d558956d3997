import { defineConfig } from 'vitest/config'

// Only for `npm run peer-report`: the peers fail conformance cases by design.
export default defineConfig({
  test: {
    include: ['src/**/*.report.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})

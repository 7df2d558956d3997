import { defineConfig } from 'vitest/config'

// The suite StrykerJS runs for each mutant of this backend (stryker.config.mjs).
export default defineConfig({
  test: {
    include: ['src/**/*.mutation.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})

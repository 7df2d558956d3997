import { defineConfig } from 'vitest/config'

// The suite StrykerJS runs for each mutant of the reference driver (stryker.config.mjs).
export default defineConfig({
  test: {
    include: ['src/mutation/**/*.mutation.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

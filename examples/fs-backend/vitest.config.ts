import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The mutation suite runs under StrykerJS (vitest.mutation.config.ts), not with the others.
    exclude: ['src/**/*.mutation.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
  },
})

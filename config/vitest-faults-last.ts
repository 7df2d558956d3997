/** The vitest config of the backends that have fault tests (memory, redis, memcache). */
import { configDefaults, defineConfig } from 'vitest/config'

// Two groups, one after the other: first every other test, files in parallel; then the fault,
// soak and memory-bound tests in src/faults/, one file at a time, so that the load they make
// never delays the timing-sensitive cases (TTLs, timeouts) of the first group.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'src/faults/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['src/faults/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})

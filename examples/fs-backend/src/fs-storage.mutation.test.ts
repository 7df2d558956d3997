import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createSimulatedClock,
  testSessionDriver,
  testSessionStorage,
} from '@sessionkit/conformance'
import { afterAll, beforeAll } from 'vitest'
import { createFsDriver } from './fs-driver.js'
import { createFsSessionStorage } from './fs-storage.js'

// The conformance suites as the test suite of this backend for mutation testing (StrykerJS,
// stryker.config.mjs): the same targets as fs-storage.conformance.test.ts, on a simulated
// clock (the driver reads time only through Date.now()), so that a mutant takes seconds.
const clock = createSimulatedClock()
beforeAll(() => clock.install())
afterAll(() => clock.uninstall())

const dir = mkdtempSync(join(tmpdir(), 'sessionkit-fs-mutation-'))
const notADirectory = join(dir, 'not-a-directory')
writeFileSync(notADirectory, '')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

testSessionStorage({
  name: 'fs example',
  createStorage: (options) => createFsSessionStorage({ dir, ...options }),
  createUnreachableStorage: (options) =>
    createFsSessionStorage({ dir: join(notADirectory, 'sessions'), ...options }),
  capabilities: { fieldTtl: 'emulated' },
  clock,
})

testSessionDriver({
  name: 'fs example',
  createDriver: ({ prefix }) => createFsDriver({ dir, prefix }),
  createUnreachableDriver: () => createFsDriver({ dir: join(notADirectory, 'sessions') }),
  capabilities: { fieldTtl: 'emulated' },
  clock,
})

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import { afterAll } from 'vitest'
import { createFsDriver } from './fs-driver.js'
import { createFsSessionStorage } from './fs-storage.js'

// One directory plays the server: every storage and driver of the suites shares it, each
// under its own prefix. A regular file plays a server that is down: nothing can be stored
// beneath it, and every call fails at once.
const dir = mkdtempSync(join(tmpdir(), 'sessionkit-fs-'))
const notADirectory = join(dir, 'not-a-directory')
writeFileSync(notADirectory, '')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

testSessionStorage({
  name: 'fs example',
  createStorage: (options) => createFsSessionStorage({ dir, ...options }),
  createUnreachableStorage: (options) =>
    createFsSessionStorage({ dir: join(notADirectory, 'sessions'), ...options }),
  capabilities: { fieldTtl: 'emulated' },
})

testSessionDriver({
  name: 'fs example',
  createDriver: ({ prefix }) => createFsDriver({ dir, prefix }),
  createUnreachableDriver: () => createFsDriver({ dir: join(notADirectory, 'sessions') }),
  capabilities: { fieldTtl: 'emulated' },
})

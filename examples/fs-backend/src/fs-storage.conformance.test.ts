import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testSessionStorage } from '@sessionkit/conformance'
import { afterAll } from 'vitest'
import { createFsSessionStorage } from './fs-storage.js'

// One directory plays the server: every storage of the suite shares it, each under its own
// prefix. A regular file plays a server that is down: nothing can be stored beneath it.
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

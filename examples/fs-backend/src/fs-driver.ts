import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { isFlashField, type SessionDriver } from '@sessionkit/core/driver'
import { KeyLock } from './key-lock.js'
import { applyWrites, readSessionFile, writeSessionFile } from './session-file.js'

/** Options of `createFsDriver`. */
export interface FsDriverOptions {
  /** Directory that holds the session files (created on first write). */
  dir: string
  /** Namespace of this storage: a sub-directory of `dir` (default 'sessions'). */
  prefix?: string | undefined
  /** Milliseconds between sweeps that delete expired session files (default 600000). */
  sweepInterval?: number | undefined
}

/**
 * A `SessionDriver` keeping one JSON file per session under `dir/prefix/`. Writes to one
 * session are serialised inside this process, so it suits a single Node process; field TTLs
 * are emulated with expiry times stored next to each field.
 */
export function createFsDriver(options: FsDriverOptions): SessionDriver {
  const folder = join(options.dir, encodeURIComponent(options.prefix ?? 'sessions'))
  const pathOf = (id: string) => join(folder, `${id}.json`)
  const lock = new KeyLock()

  // Stryker disable all: the sweep only frees the disk space of records that already read as
  // gone; no test through the driver contract can see it (see the kit's MUTATION.md).
  const sweep = setInterval(() => {
    void sweepExpired(folder, lock).catch(() => {})
  }, options.sweepInterval ?? 600_000)
  // Stryker restore all
  sweep.unref()

  return {
    name: 'fs',
    capabilities: { fieldTtl: 'emulated' },

    load: (id) =>
      lock.run(id, async () => {
        const file = await readSessionFile(pathOf(id), Date.now())
        if (!file) return null
        const fields = new Map(Object.entries(file.fields))
        const flashes = Object.keys(file.fields).filter(isFlashField)
        if (flashes.length > 0) {
          for (const name of flashes) delete file.fields[name]
          await writeSessionFile(pathOf(id), file)
        }
        return { fields, expiresAt: file.expiresAt }
      }),

    create: (id, fields, ttl) =>
      lock.run(id, async () => {
        const now = Date.now()
        if (await readSessionFile(pathOf(id), now)) return false
        const file = { expiresAt: now + ttl * 1000, fields: {} }
        applyWrites(file, fields, [], now)
        await writeSessionFile(pathOf(id), file)
        return true
      }),

    update: (id, patch, ttl) =>
      lock.run(id, async () => {
        const now = Date.now()
        const file = await readSessionFile(pathOf(id), now)
        if (!file) return false
        applyWrites(file, patch.set, patch.unset, now)
        file.expiresAt = now + ttl * 1000
        await writeSessionFile(pathOf(id), file)
        return true
      }),

    touch: (id, ttl) =>
      lock.run(id, async () => {
        const now = Date.now()
        const file = await readSessionFile(pathOf(id), now)
        if (!file) return false
        file.expiresAt = now + ttl * 1000
        await writeSessionFile(pathOf(id), file)
        return true
      }),

    destroy: (id) => lock.run(id, () => rm(pathOf(id), { force: true })),

    async close() {
      clearInterval(sweep)
      await lock.idle()
    },
  }
}

// Stryker disable all: see the sweep above.
/** Delete the expired session files of `folder` (reading a file deletes it when expired). */
async function sweepExpired(folder: string, lock: KeyLock): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[])
  for (const name of names) {
    if (!name.endsWith('.json')) continue
    const id = name.slice(0, -'.json'.length)
    await lock.run(id, () => readSessionFile(join(folder, name), Date.now()))
  }
}
// Stryker restore all

import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { FieldWrite, SessionPatch, StoredField } from '@sessionkit/core/driver'

/** What one session file holds. */
export interface SessionFile {
  /** Epoch ms at which the whole session expires. */
  expiresAt: number
  /** Fields by name; `expiresAt` when a field has a TTL of its own. */
  fields: Record<string, StoredField>
}

/** The session in `path`, or null when there is none, it has expired, or it is unreadable. */
export async function readSessionFile(path: string, now: number): Promise<SessionFile | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let file: SessionFile
  // Stryker disable all: the driver writes files whole (rename), so only a file written by
  // something else fails to parse, which no test through the driver contract can make.
  try {
    file = JSON.parse(text) as SessionFile
  } catch {
    await rm(path, { force: true }) // a torn or foreign file: drop it
    return null
  }
  // Stryker restore all
  if (file.expiresAt <= now) {
    await rm(path, { force: true })
    return null
  }
  for (const [name, field] of Object.entries(file.fields)) {
    if (field.expiresAt !== undefined && field.expiresAt <= now) delete file.fields[name]
  }
  return file
}

/** Write `file` to `path` atomically: a temporary file renamed over the old one. */
export async function writeSessionFile(path: string, file: SessionFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${randomUUID()}.tmp`
  await writeFile(temporary, JSON.stringify(file))
  await rename(temporary, path)
}

/** Apply a save's writes and removals to `file`, turning field TTLs into expiry times. */
export function applyWrites(
  file: SessionFile,
  set: Readonly<Record<string, FieldWrite>>,
  unset: SessionPatch['unset'],
  now: number,
): void {
  for (const name of unset) delete file.fields[name]
  for (const [name, { value, ttl }] of Object.entries(set)) {
    file.fields[name] = ttl === undefined ? { value } : { value, expiresAt: now + ttl * 1000 }
  }
}

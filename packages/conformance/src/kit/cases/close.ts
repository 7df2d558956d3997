import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { addedProcessListeners, processListeners } from '../support/process-listeners.js'
import { ResourceTracker } from '../support/resource-tracker.js'
import { createStored, readStored } from '../support/sessions.js'

/** Time allowed for sockets and timers to go after `close()` resolves. */
const SETTLE_MS = 2_000

/** Sessions the storage handles before `close()` in the per-session case. */
const MANY_SESSIONS = 1_000

/**
 * After `close()` the storage keeps nothing alive that would hold the process open: every
 * socket, timer, handle and pending request it opened (directly or through its client) is
 * gone or unref'ed.
 */
export async function closeReleasesResources({ open, close }: CaseContext): Promise<void> {
  const tracker = new ResourceTracker()
  try {
    await tracker.run(async () => {
      const storage = await open()
      const cookie = await createStored(storage, { a: 1 })
      const session = await readStored(storage, cookie, 'using the storage before close()')
      session.destroy()
      await storage.save(session)
      await close(storage)
    })
    const holding = await tracker.settle(SETTLE_MS)
    assert.deepEqual(
      holding,
      [],
      `${SETTLE_MS} ms after close() resolved, these still hold the process open: ${holding.join(', ')}`,
    )
  } finally {
    tracker.stop()
  }
}

/**
 * A storage holds nothing per session once closed: after 1000 sessions (created with a key
 * TTL and a flash, read; some changed, some destroyed) and `close()`, no timer, socket or handle it
 * made is left, not even an unref'ed one (a per-session expiry timer would be), and no
 * listener was added to `process`.
 */
export async function closeReleasesPerSessionResources({
  open,
  close,
}: CaseContext): Promise<void> {
  const tracker = new ResourceTracker()
  const listenersBefore = processListeners()
  try {
    await tracker.run(async () => {
      const storage = await open({ ttl: 600 })
      const fieldTtl = storage.capabilities.fieldTtl !== 'none'
      await Promise.all(
        Array.from({ length: MANY_SESSIONS }, async (_, i) => {
          const created = await storage.read(null)
          created.set('i', i)
          if (fieldTtl) created.set('timed', i, { ttl: 300 })
          created.flash('notice', i)
          const cookie = await storage.save(created)
          const read = await storage.read(cookie)
          // A tenth is also changed or destroyed (as many calls for each would make slow
          // backends slow here, with every async step watched).
          if (i % 10 === 1) read.destroy()
          else if (i % 10 === 2) read.set('j', i)
          await storage.save(read)
        }),
      )
      await close(storage)
    })
    const alive = await tracker.settleAll(SETTLE_MS)
    assert.deepEqual(
      alive,
      [],
      `${SETTLE_MS} ms after close() resolved (after ${MANY_SESSIONS} sessions), these are still alive, holding the process or not (an unref'ed timer keeps its closure): ${alive.join(', ')}`,
    )
    const added = addedProcessListeners(listenersBefore)
    assert.deepEqual(added, [], `listeners added to process and not removed: ${added.join(', ')}`)
  } finally {
    tracker.stop()
  }
}

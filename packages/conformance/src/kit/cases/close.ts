import assert from 'node:assert/strict'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { ResourceTracker } from '../support/resource-tracker.js'
import { createStored, readStored } from '../support/sessions.js'

/** Time allowed for sockets and timers to go after `close()` resolves. */
const SETTLE_MS = 2_000

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

const define = topicCases('lifecycle')

/** The lifecycle cases. */
export const closeCases: readonly ConformanceCase[] = [
  define('close', 'close() releases every socket and timer', closeReleasesResources, {
    kind: 'exclusive',
  }),
]

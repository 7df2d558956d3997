import assert from 'node:assert/strict'
import { type CaseDefiner, topicCases } from '../case.js'
import type { DriverCaseContext, DriverConformanceCase } from '../driver-case.js'
import { addedProcessListeners, processListeners } from '../support/process-listeners.js'
import { FLASH_FIELD_PREFIX, hasFieldTtl, newStorageId, patch } from '../support/records.js'
import { ResourceTracker } from '../support/resource-tracker.js'

/** Time allowed for sockets and timers to go after `close()` resolves. */
const SETTLE_MS = 2_000

/** Records the driver handles before `close()`. */
const RECORDS = 1_000

/** Resources a driver may still have alive (not holding the process) after close: never one per record. */
const MOST_ALIVE_AFTER_CLOSE = 10

/**
 * `close()` releases everything: after 1000 records (created with a field TTL and a flash,
 * loaded; some updated, touched, moved or destroyed), no socket, timer or handle the driver made
 * is left, not even an unref'ed one per record, and no listener was added to `process`.
 */
export async function closeReleasesEverything({ open, close }: DriverCaseContext): Promise<void> {
  const tracker = new ResourceTracker()
  const listenersBefore = processListeners()
  try {
    await tracker.run(async () => {
      const driver = await open()
      const timed = hasFieldTtl(driver) ? { timed: { value: 't', ttl: 300 } } : {}
      await Promise.all(
        Array.from({ length: RECORDS }, async (_, i) => {
          const id = newStorageId()
          const fields = {
            a: { value: String(i) },
            [`${FLASH_FIELD_PREFIX}f`]: { value: '1' },
            ...timed,
          }
          await driver.create(id, fields, 600)
          await driver.load(id, 600)
          // A tenth each is also updated, touched, moved or destroyed (as many calls for
          // each would make slow drivers slow here, with every async step watched).
          if (i % 10 === 1) await driver.update(id, patch({ b: String(i) }), 600)
          else if (i % 10 === 2) await driver.touch(id, 600)
          else if (i % 10 === 3) await driver.destroy(id)
          else if (i % 10 === 4 && driver.move) {
            await driver.move(id, newStorageId(), patch({}), 600, { deleteOld: true })
          }
        }),
      )
      await close(driver)
    })
    const holding = await tracker.settle(SETTLE_MS)
    assert.deepEqual(holding, [], `after close(), these still hold the process open: ${holding}`)
    assert.ok(
      tracker.aliveCount() <= MOST_ALIVE_AFTER_CLOSE,
      `after ${RECORDS} records and close(), ${tracker.aliveCount()} resources are still alive (${tracker.alive().join(', ')}): something is kept per record`,
    )
    const added = addedProcessListeners(listenersBefore)
    assert.deepEqual(added, [], `listeners added to process and not removed: ${added.join(', ')}`)
  } finally {
    tracker.stop()
  }
}

const define: CaseDefiner<DriverCaseContext> = topicCases('lifecycle')

/** The driver case about closing. */
export const driverCloseCases: readonly DriverConformanceCase[] = [
  define('close', `close() after ${RECORDS} records releases everything`, closeReleasesEverything, {
    kind: 'exclusive',
  }),
]

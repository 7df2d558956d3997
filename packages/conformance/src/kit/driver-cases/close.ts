import assert from 'node:assert/strict'
import type { DriverCaseContext } from '../driver-case.js'
import { addedProcessListeners, processListeners } from '../support/process-listeners.js'
import {
  createRecord,
  FLASH_FIELD_PREFIX,
  hasFieldTtl,
  newStorageId,
  patch,
  plainWrites,
} from '../support/records.js'
import { ResourceTracker } from '../support/resource-tracker.js'
import { settleWithin } from '../support/time.js'

/** Time allowed for sockets and timers to go after `close()` resolves. */
const SETTLE_MS = 2_000

/** Records the driver handles before `close()`. */
const RECORDS = 1_000

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
    const alive = await tracker.settleAll(SETTLE_MS)
    assert.deepEqual(
      alive,
      [],
      `${SETTLE_MS} ms after close() resolved (after ${RECORDS} records), these are still alive, holding the process or not (an unref'ed timer keeps its closure): ${alive.join(', ')}`,
    )
    const added = addedProcessListeners(listenersBefore)
    assert.deepEqual(added, [], `listeners added to process and not removed: ${added.join(', ')}`)
  } finally {
    tracker.stop()
  }
}

/**
 * `close()` leaves no call hanging: every call started before it (loads, creates, updates,
 * touches, destroys) settles, done or failed, within 2 s after it resolved. (Core stops
 * timing a storage's calls out once it is closed: a call the driver dropped would hang its
 * request for ever.)
 */
export async function closeSettlesCallsInFlight({ open, close }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const ids = Array.from({ length: 20 }, newStorageId)
  await Promise.all(ids.map((id) => createRecord(driver, id, plainWrites({ a: '1' }), 600)))
  const calls: Promise<unknown>[] = []
  for (const id of ids) {
    calls.push(
      // A driver may answer at once or with a promise: both are observed the same way.
      Promise.resolve(driver.load(id, 600)),
      Promise.resolve(driver.update(id, patch({ b: '2' }), 600)),
      Promise.resolve(driver.touch(id, 600)),
      Promise.resolve(driver.create(newStorageId(), plainWrites({ c: '3' }), 600)),
      Promise.resolve(driver.destroy(newStorageId())),
    )
  }
  // A call that fails while close() runs is an expected outcome, not an unhandled rejection.
  for (const call of calls) call.catch(() => {})
  await close(driver)
  const outcomes = await Promise.all(calls.map((call) => settleWithin(call, SETTLE_MS)))
  const hanging = outcomes.filter((outcome) => outcome.state === 'pending').length
  assert.equal(
    hanging,
    0,
    `${hanging} of ${calls.length} calls started before close() had not settled ${SETTLE_MS} ms after it resolved`,
  )
}

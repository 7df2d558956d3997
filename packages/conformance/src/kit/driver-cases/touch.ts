import assert from 'node:assert/strict'
import type { DriverCaseContext } from '../driver-case.js'
import { LATE_EXPIRY_MS } from '../support/expiry.js'
import { must } from '../support/must.js'
import { assertThereOnTime } from '../support/on-time.js'
import {
  createRecord,
  hasFieldTtl,
  loadGone,
  loadOnTime,
  loadStored,
  newStorageId,
  plainWrites,
  valuesOf,
} from '../support/records.js'

/** `touch` never creates: of an unknown or destroyed id it resolves false, and nothing appears. */
export async function touchNeverCreates({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const never = newStorageId()
  assert.equal(await driver.touch(never, 600), false, 'touch() of an unknown id')
  await loadGone(driver, never, 600, 'loading an id only touched')
  const destroyed = newStorageId()
  await createRecord(driver, destroyed, plainWrites({ a: '1' }), 600)
  await driver.destroy(destroyed)
  assert.equal(await driver.touch(destroyed, 600), false, 'touch() of a destroyed record')
  await loadGone(driver, destroyed, 600, 'loading a destroyed record after a touch()')
}

/**
 * `touch` restarts the record's TTL with its own `ttl`, keeps the fields, and does not extend
 * field TTLs: 3.5 s after a create with ttl 3 and a touch with ttl 4 at 1.2 s, the record is
 * there and its field with a TTL of 2 s is not.
 */
export async function touchRestartsTtl({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const fieldTtl = hasFieldTtl(driver)
  const [touched, longer] = [newStorageId(), newStorageId()]
  const timed = fieldTtl ? { timed: { value: 't', ttl: 2 } } : {}
  const start = clock.now()
  await createRecord(driver, touched, { ...plainWrites({ a: '1' }), ...timed }, 3)
  await createRecord(driver, longer, plainWrites({ b: '2' }), 3)
  const created = clock.now()
  await clock.sleepUntil(start + 1_200)
  for (const [id, ttl] of [
    [touched, 4],
    [longer, 60],
  ] as const) {
    await assertThereOnTime(
      clock,
      start + 1_200,
      () => must('touch()', driver.touch(id, ttl)),
      `touch(ttl ${ttl}) of a record created 1.2 s before with ttl 3 must resolve true`,
    )
  }
  const probeAt = start + 3_000 + LATE_EXPIRY_MS + 100
  // Not before the field TTL (2 s from the create) surely passed.
  await clock.sleepUntil(Math.max(probeAt, created + 2_000 + LATE_EXPIRY_MS))
  const what = 'loading 3.5 s after create(ttl 3), 2.3 s after touch(ttl 4)'
  const record = await loadOnTime(clock, probeAt, driver, touched, 4, what)
  assert.deepStrictEqual(valuesOf(record), { a: '1' }, 'touch() keeps the fields, not their TTLs')
  await loadStored(driver, longer, 60, 'loading the record touched with ttl 60')
}

import assert from 'node:assert/strict'
import { type CaseDefiner, topicCases } from '../case.js'
import type { DriverCaseContext, DriverConformanceCase } from '../driver-case.js'
import { LATE_EXPIRY_MS } from '../support/expiry.js'
import {
  createRecord,
  hasFieldTtl,
  loadGone,
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
 * field TTLs: 2.7 s after a create with ttl 2 and a touch with ttl 3 at 1.2 s, the record is
 * there and its field with a TTL of 2 s is not.
 */
export async function touchRestartsTtl({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const fieldTtl = hasFieldTtl(driver)
  const [touched, longer] = [newStorageId(), newStorageId()]
  const timed = fieldTtl ? { timed: { value: 't', ttl: 2 } } : {}
  const start = clock.now()
  await createRecord(driver, touched, { ...plainWrites({ a: '1' }), ...timed }, 2)
  await createRecord(driver, longer, plainWrites({ b: '2' }), 2)
  await clock.sleepUntil(start + 1_200)
  assert.equal(await driver.touch(touched, 3), true, 'touch() of an existing record')
  assert.equal(await driver.touch(longer, 60), true, 'touch() with a longer ttl')
  await clock.sleepUntil(start + 2_000 + LATE_EXPIRY_MS + 300)
  const record = await loadStored(
    driver,
    touched,
    3,
    'loading 2.7 s after create(ttl 2), 1.5 s after touch(ttl 3)',
  )
  assert.deepStrictEqual(valuesOf(record), { a: '1' }, 'touch() keeps the fields, not their TTLs')
  await loadStored(driver, longer, 60, 'loading the record touched with ttl 60')
}

const define: CaseDefiner<DriverCaseContext> = topicCases('touch')

/** The driver cases about `touch`. */
export const driverTouchCases: readonly DriverConformanceCase[] = [
  define(
    'never-creates',
    'touch() of a missing record resolves false, creating nothing',
    touchNeverCreates,
  ),
  define('restarts', 'touch() restarts the TTL, keeps fields and their TTLs', touchRestartsTtl, {
    kind: 'timed',
  }),
]

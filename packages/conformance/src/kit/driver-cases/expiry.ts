import assert from 'node:assert/strict'
import type { SessionDriver } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { EARLY_EXPIRY_MS, LATE_EXPIRY_MS, PROBE_MARGIN_MS } from '../support/expiry.js'
import { FullTtlSamples } from '../support/full-ttl-samples.js'
import {
  createRecord,
  loadGone,
  loadOnTime,
  loadStored,
  newStorageId,
  patch,
  plainWrites,
  valuesOf,
} from '../support/records.js'
import { Timeline } from '../support/timeline.js'

/**
 * A record expires a TTL after its last write; once expired it stays gone: update, touch and
 * move resolve false and create nothing, and create starts afresh under the id.
 */
export async function expiredRecordStaysGone({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const ids = [newStorageId(), newStorageId(), newStorageId(), newStorageId()]
  await Promise.all(ids.map((id) => createRecord(driver, id, plainWrites({ a: '1' }), 2)))
  const createdBy = clock.now()
  await clock.sleepUntil(createdBy + 2_000 + LATE_EXPIRY_MS)
  const [loaded, updated, touched, created] = ids as [string, string, string, string]
  await loadGone(driver, loaded, 2, 'loading a record past its TTL (2 s)')
  assert.equal(
    await driver.update(updated, patch({ b: '2' }), 600),
    false,
    'update() of an expired record',
  )
  await loadGone(driver, updated, 600, 'loading an expired record after update()')
  assert.equal(await driver.touch(touched, 600), false, 'touch() of an expired record')
  await loadGone(driver, touched, 600, 'loading an expired record after touch()')
  if (driver.move) {
    const to = newStorageId()
    const moved = await driver.move(touched, to, patch({ b: '2' }), 600, { deleteOld: true })
    assert.equal(moved, false, 'move() of an expired record')
    await loadGone(driver, to, 600, 'loading the new id of a move() of an expired record')
  }
  await createRecord(driver, created, plainWrites({ fresh: '1' }), 600)
  const record = await loadStored(
    driver,
    created,
    600,
    'loading a record created over an expired one',
  )
  assert.deepStrictEqual(valuesOf(record), { fresh: '1' }, 'nothing of the expired record is left')
}

/**
 * The expiresAt `load` reports is honest: a record is there until shortly before it (a second,
 * for whole-second server clocks) and gone right after it, also when a load did not restart
 * the TTL (a load that claims a refresh it did not make is caught). Two records share the
 * history: one is probed before its reported expiry, the other after.
 */
export async function loadExpiresAtIsHonest({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const [probed, left] = [newStorageId(), newStorageId()]
  const start = clock.now()
  await Promise.all(
    [probed, left].map((id) => createRecord(driver, id, plainWrites({ a: '1' }), 3)),
  )
  await clock.sleepUntil(start + 1_500)
  const [claimedProbed, claimedLeft] = await Promise.all(
    [probed, left].map(async (id) => {
      const what = 'loading 1.5 s after create(ttl 3)'
      const claimed = (await loadOnTime(clock, start + 1_500, driver, id, 3, what)).expiresAt
      assert.ok(
        claimed >= start + 3_000 - 50 && claimed <= clock.now() + 3_050,
        `expiresAt must be between the create's expiry and a full TTL from now, got ${claimed - start} ms after the create`,
      )
      return claimed
    }),
  )
  const probeAt = (claimedProbed as number) - EARLY_EXPIRY_MS - PROBE_MARGIN_MS
  await clock.sleepUntil(probeAt)
  const what = `loading ${EARLY_EXPIRY_MS + PROBE_MARGIN_MS} ms before the reported expiresAt`
  await loadOnTime(clock, Math.max(probeAt, clock.now()), driver, probed, 3, what)
  await clock.sleepUntil((claimedLeft as number) + LATE_EXPIRY_MS)
  await loadGone(driver, left, 3, `loading ${LATE_EXPIRY_MS} ms after the reported expiresAt`)
}

/**
 * A record lives its full TTL, not a second less (a TTL rounded down), after create, update,
 * touch and move alike: of 8 records per call, written over a second, at least a quarter are
 * there 1.25 s after a call with ttl 2 (memcached's whole-second clock drops about a quarter by
 * then; a TTL cut by a second drops them all).
 */
export async function fullTtlIsKept({ open, clock }: DriverCaseContext): Promise<void> {
  const TTL = 2
  const RECORDS = 8
  const driver = await open()
  const calls: Record<string, (id: string) => Promise<string>> = {
    create: async (id) => {
      await createRecord(driver, id, plainWrites({ a: '1' }), TTL)
      return id
    },
    update: async (id) => {
      await createRecord(driver, id, plainWrites({ a: '1' }), 60)
      assert.equal(await driver.update(id, patch({ b: '2' }), TTL), true, 'update()')
      return id
    },
    touch: async (id) => {
      await createRecord(driver, id, plainWrites({ a: '1' }), 60)
      assert.equal(await driver.touch(id, TTL), true, 'touch()')
      return id
    },
    ...(driver.move ? { move: (id: string) => moveFresh(driver, id, TTL) } : {}),
  }
  const samples = new FullTtlSamples(clock, RECORDS)
  const timeline = new Timeline(clock)
  const start = clock.now()
  for (let i = 0; i < RECORDS; i++) {
    timeline.at(start + i * 125, async () => {
      for (const [name, call] of Object.entries(calls)) {
        const writing = clock.now()
        const id = await call(newStorageId())
        // Planned from when the write began; a slow write makes a record found gone inconclusive.
        const at = writing + TTL * 1_000 - 750
        const slack = clock.now() - writing
        const find = async () => (await driver.load(id, TTL)) !== null
        timeline.at(at, () => samples.take(`${name}(ttl ${TTL})`, at, find, slack))
      }
    })
  }
  await timeline.run()
  samples.conclude('records')
}

/** Move a new record to `to` with `ttl`; resolve `to`. */
async function moveFresh(driver: SessionDriver, to: string, ttl: number): Promise<string> {
  const from = newStorageId()
  await createRecord(driver, from, plainWrites({ a: '1' }), 60)
  const moved = await driver.move?.(from, to, patch({}), ttl, { deleteOld: true })
  assert.equal(moved, true, 'move()')
  return to
}

import assert from 'node:assert/strict'
import type { SessionDriver } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { must } from '../support/must.js'
import { loadGone, loadStored, newStorageId, patch, plainWrites } from '../support/records.js'

// The owner index a driver keeps: bounded by the live sessions, listing only live ones,
// revocation final, and moves carrying the owner.

/** Create `id` owned by `owner` (TTL `ttl` seconds) and assert it was created. */
async function createOwned(driver: SessionDriver, id: string, owner: string, ttl = 600) {
  const created = await must(
    'create(owner)',
    driver.create(id, plainWrites({ a: '1' }), ttl, owner),
  )
  assert.equal(created, true, 'create() of a new owned record must resolve true')
}

/** The ids `listOwnerSessions(owner)` gives, sorted. */
async function listed(driver: SessionDriver, owner: string): Promise<string[]> {
  assert.ok(driver.listOwnerSessions, "a driver with owners 'list' has listOwnerSessions()")
  const records = await must('listOwnerSessions()', driver.listOwnerSessions(owner))
  return records.map((record) => record.id).sort()
}

/** The size of the driver's index for `owner`. */
async function indexSize(driver: SessionDriver, owner: string): Promise<number> {
  assert.ok(driver.ownerIndexSize, "a driver with owners 'list' has ownerIndexSize()")
  return must('ownerIndexSize()', driver.ownerIndexSize(owner))
}

/** 10,000 logins and logouts by one owner leave an index no larger than the live sessions. */
export async function indexStaysBounded({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const kept = [newStorageId(), newStorageId()]
  for (const id of kept) await createOwned(driver, id, 'ada')
  const batch = 100
  for (let done = 0; done < 10_000; done += batch) {
    await Promise.all(
      Array.from({ length: batch }, async () => {
        const id = newStorageId()
        await createOwned(driver, id, 'ada')
        await driver.destroy(id, 'ada')
      }),
    )
  }
  const size = await indexSize(driver, 'ada')
  assert.ok(size <= kept.length, `after 10,000 logins and logouts the index holds ${size} entries`)
  assert.deepEqual(await listed(driver, 'ada'), kept.sort(), 'the live sessions stay listed')
}

/** Expired sessions leave the index at the owner's next login, and are never listed. */
export async function indexDropsExpired({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const shortLived = Array.from({ length: 5 }, () => newStorageId())
  for (const id of shortLived) await createOwned(driver, id, 'ada', 1)
  const destroyed = newStorageId()
  await createOwned(driver, destroyed, 'ada')
  await driver.destroy(destroyed, 'ada')
  const other = newStorageId()
  await createOwned(driver, other, 'bob')
  await must('create() without owner', driver.create(newStorageId(), plainWrites({ a: '1' }), 600))
  await clock.sleep(2100)
  const live = newStorageId()
  await createOwned(driver, live, 'ada')
  // Before any listing (which prunes too): the login itself pruned what had ended.
  assert.ok((await indexSize(driver, 'ada')) <= 1, 'expired entries are pruned by the next login')
  assert.deepEqual(await listed(driver, 'ada'), [live], 'only the live session is listed')
  assert.deepEqual(await listed(driver, 'bob'), [other], "another owner's session")
}

/** A revoked record is gone for load, and no later update, touch or move brings it back. */
export async function revokedStaysGone({ open, target }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const listing = (target.capabilities?.owners ?? 'none') === 'list'
  const [kept, revoked, single] = [newStorageId(), newStorageId(), newStorageId()]
  for (const id of [kept, revoked, single]) await createOwned(driver, id, 'ada')
  const bob = newStorageId()
  await createOwned(driver, bob, 'bob')
  if (listing) {
    assert.ok(driver.revokeOwnerSession, "a driver with owners 'list' has revokeOwnerSession()")
    assert.equal(await driver.revokeOwnerSession('ada', bob), false, "another owner's record")
    await loadStored(driver, bob, 600, "another owner's record after a refused revocation")
    assert.equal(await driver.revokeOwnerSession('ada', single), true, 'revoking one record')
    await loadGone(driver, single, 600, 'the record revoked by handle')
  }
  assert.ok(driver.revokeOwnerSessions, 'a driver with owner support has revokeOwnerSessions()')
  const count = await must('revokeOwnerSessions(except)', driver.revokeOwnerSessions('ada', kept))
  // A listing driver knows what it revoked: the one live session left besides the kept one.
  if (listing) assert.equal(count, 1, 'revokeOwnerSessions() resolves the number revoked')
  await loadGone(driver, revoked, 600, 'a revoked record')
  await loadStored(driver, kept, 600, 'the record kept by exceptId')
  await loadStored(driver, bob, 600, "another owner's record")
  for (const id of listing ? [revoked, single] : [revoked]) {
    assert.equal(await driver.update(id, patch({ b: '2' }), 600, 'ada'), false, 'late update()')
    assert.equal(await driver.touch(id, 600, 'ada'), false, 'late touch()')
    if (driver.move) {
      const moved = await driver.move(id, newStorageId(), patch({}), 600, {
        deleteOld: true,
        owner: 'ada',
      })
      assert.equal(moved, false, 'late move()')
    }
    await loadGone(driver, id, 600, 'a revoked record after late writes')
  }
  if (listing) assert.deepEqual(await listed(driver, 'ada'), [kept], 'only the kept one listed')
}

/** `move` carries the owner: the index lists the new id, not the old one. */
export async function moveCarriesOwner({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  if (!driver.move) return
  const [from, to] = [newStorageId(), newStorageId()]
  await createOwned(driver, from, 'ada')
  const moved = await driver.move(from, to, patch({ b: '2' }), 600, {
    deleteOld: true,
    owner: 'ada',
  })
  assert.equal(moved, true, 'move() of an owned record')
  assert.deepEqual(await listed(driver, 'ada'), [to], 'the index follows the move')
  const size = await indexSize(driver, 'ada')
  assert.ok(size <= 1, `the index keeps no entry of the old id (${size} entries)`)
}

import assert from 'node:assert/strict'
import type { SessionDriver } from '@sessionkit/core/driver'
import { CaseSkipped } from '../case.js'
import type { DriverCaseContext } from '../driver-case.js'
import {
  assertExpiry,
  createRecord,
  fieldsOf,
  hasFieldTtl,
  loadGone,
  loadStored,
  newStorageId,
  patch,
  plainWrites,
  valuesOf,
} from '../support/records.js'

/** The driver's `move`, or a skip of the case when it has none (core then uses create + destroy). */
export function moveOf(driver: SessionDriver): NonNullable<SessionDriver['move']> {
  const move = driver.move?.bind(driver)
  if (!move) throw new CaseSkipped('the driver has no move() (core uses create and destroy)')
  return move
}

/**
 * `move` copies the live fields with the patch applied to the new id, keeping field expiry
 * times, restarts the TTL there with its `ttl`, and removes the old record (`deleteOld`) or
 * leaves it as it was.
 */
export async function moveCopiesRecord({ open, clock }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const move = moveOf(driver)
  const fieldTtl = hasFieldTtl(driver)
  for (const deleteOld of [true, false]) {
    const [from, to] = [newStorageId(), newStorageId()]
    const timed = fieldTtl ? { timed: { value: 't', ttl: 300 } } : {}
    await createRecord(driver, from, { ...plainWrites({ a: '1', b: '2' }), ...timed }, 600)
    const original = fieldsOf(await loadStored(driver, from, 600, 'loading before the move'))
    const start = clock.now()
    const moved = await move(from, to, patch({ c: '3' }, ['a']), 100, { deleteOld })
    const end = clock.now()
    assert.equal(moved, true, `move({ deleteOld: ${deleteOld} }) of an existing record`)
    const record = await loadStored(driver, to, 100, 'loading the new id')
    const expected: Record<string, string> = { b: '2', c: '3' }
    if (fieldTtl) expected.timed = 't'
    assert.deepStrictEqual(valuesOf(record), expected, 'the new id holds the fields, patched')
    if (fieldTtl) {
      const before = original.timed?.expiresAt as number
      const after = fieldsOf(record).timed?.expiresAt
      assert.ok(
        after !== undefined && Math.abs(after - before) <= 1_000,
        `a field TTL moves with its expiry time (${before}), got ${after}`,
      )
    }
    assertExpiry(
      record.expiresAt,
      start,
      Math.max(end, clock.now()),
      100,
      'the moved record expiresAt',
    )
    if (deleteOld) await loadGone(driver, from, 600, 'loading the old id after move(deleteOld)')
    else {
      const kept = await loadStored(driver, from, 600, 'loading the old id kept by move()')
      assert.deepStrictEqual(
        valuesOf(kept),
        expected.timed ? { a: '1', b: '2', timed: 't' } : { a: '1', b: '2' },
        'the old record is unchanged',
      )
    }
  }
}

/** `move` of an id that is unknown or destroyed resolves false and writes nothing. */
export async function moveNeverCreates({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const move = moveOf(driver)
  const destroyed = newStorageId()
  await createRecord(driver, destroyed, plainWrites({ a: '1' }), 600)
  await driver.destroy(destroyed)
  for (const [what, from] of [
    ['an unknown id', newStorageId()],
    ['a destroyed record', destroyed],
  ] as const) {
    for (const deleteOld of [true, false]) {
      const to = newStorageId()
      const moved = await move(from, to, patch({ b: '2' }), 600, { deleteOld })
      assert.equal(moved, false, `move({ deleteOld: ${deleteOld} }) of ${what} must resolve false`)
      await loadGone(driver, to, 600, `loading the new id after moving ${what}`)
      await loadGone(driver, from, 600, `loading ${what} after a move()`)
    }
  }
}

import assert from 'node:assert/strict'
import type { SessionDriver } from '@sessionkit/core/driver'
import type { DriverCaseContext } from '../driver-case.js'
import { type RaceOutcome, race, raceVariants, variantLabel } from '../support/races.js'
import {
  createRecord,
  FLASH_FIELD_PREFIX,
  loadGone,
  loadStored,
  newStorageId,
  patch,
  plainWrites,
  valuesOf,
} from '../support/records.js'
import { moveOf } from './move.js'

type Call = (driver: SessionDriver, id: string) => unknown

const calls: Record<'update' | 'touch' | 'load', Call> = {
  update: (driver, id) => driver.update(id, patch({ late: 'write' }), 600),
  touch: (driver, id) => driver.touch(id, 600),
  load: (driver, id) => driver.load(id, 600),
}

/**
 * Run `check` once per race variant (both orders, several gaps), each on its own new record
 * holding a field and a pending flash.
 */
function eachVariantOnAFreshRecord(
  driver: SessionDriver,
  check: (id: string, variant: ReturnType<typeof raceVariants>[number]) => Promise<void>,
): Promise<unknown> {
  return Promise.all(
    raceVariants(2).map(async (variant) => {
      const id = newStorageId()
      const fields = plainWrites({ a: '1', [`${FLASH_FIELD_PREFIX}f`]: '"x"' })
      await createRecord(driver, id, fields, 600)
      await check(id, variant)
    }),
  )
}

/**
 * A call racing a destroy of the same record, whichever starts first and however far apart,
 * never leaves the record stored (with a flash pending, for a load that consumes it).
 */
function racingDestroy(name: keyof typeof calls) {
  return async ({ open }: DriverCaseContext): Promise<void> => {
    const driver = await open()
    await eachVariantOnAFreshRecord(driver, async (id, variant) => {
      const label = `${name}() racing destroy(), ${variantLabel(variant)}`
      const outcomes = await race(
        variant.gap,
        variant.order,
        () => calls[name](driver, id),
        () => driver.destroy(id),
      )
      for (const outcome of outcomes) succeeded(outcome, label)
      await loadGone(driver, id, 600, `loading after ${label}`)
    })
  }
}

/**
 * A touch, or a load that consumes a flash, racing an update of another field: the update is
 * never undone (as a call that writes back the copy it read would).
 */
function racingUpdate(name: 'touch' | 'load') {
  return async ({ open }: DriverCaseContext): Promise<void> => {
    const driver = await open()
    await eachVariantOnAFreshRecord(driver, async (id, variant) => {
      const label = `${name}() racing update(), ${variantLabel(variant)}`
      const [, updated] = await race(
        variant.gap,
        variant.order,
        () => calls[name](driver, id),
        () => driver.update(id, patch({ b: '2' }, ['a']), 600),
      )
      assert.equal(succeeded(updated, label), true, `${label}: the update`)
      const record = await loadStored(driver, id, 600, `loading after ${label}`)
      const { a, b } = valuesOf(record)
      assert.deepStrictEqual(
        { a, b },
        { a: undefined, b: '2' },
        `${label} must not undo the update`,
      )
    })
  }
}

/**
 * 50 concurrent updates of one record, each setting its own field and removing another's,
 * all apply: calls are atomic.
 */
export async function concurrentUpdatesAllApply({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const id = newStorageId()
  const initial = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`old${i}`, 'x']))
  await createRecord(driver, id, plainWrites({ base: 'b', ...initial }), 600)
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      driver.update(id, patch({ [`new${i}`]: String(i) }, [`old${i}`]), 600),
    ),
  )
  assert.ok(
    results.every((updated) => updated === true),
    'every concurrent update resolves true',
  )
  const expected: Record<string, string> = { base: 'b' }
  for (let i = 0; i < 50; i++) expected[`new${i}`] = String(i)
  const record = await loadStored(driver, id, 600, 'loading after 50 concurrent updates')
  assert.deepStrictEqual(valuesOf(record), expected, 'every concurrent set and unset applies')
}

/**
 * An update racing a move of the same record, either first: when the update resolves true,
 * its change is in the moved record; when the move resolves true, the new id holds the record.
 */
export async function moveRacingUpdateKeepsIt({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const move = moveOf(driver)
  await Promise.all(
    raceVariants(2).map(async (variant) => {
      const [from, to] = [newStorageId(), newStorageId()]
      await createRecord(driver, from, plainWrites({ a: '1' }), 600)
      const label = `move() racing update(), ${variantLabel(variant)}`
      const [moved, updated] = await race(
        variant.gap,
        variant.order,
        () => move(from, to, patch({ m: 'moved' }), 600, { deleteOld: true }),
        () => driver.update(from, patch({ u: 'updated' }), 600),
      )
      assert.equal(succeeded(moved, label), true, `${label}: the move of an existing record`)
      const record = await loadStored(driver, to, 600, `loading the new id after ${label}`)
      if (succeeded(updated, label)) {
        assert.equal(
          valuesOf(record).u,
          'updated',
          `${label}: an update that succeeded must not be lost`,
        )
      }
      await loadGone(driver, from, 600, `loading the old id after ${label}`)
    }),
  )
}

/**
 * A move racing a destroy of its record, either first: the old id ends gone, and the new id
 * holds the record exactly when the move resolved true.
 */
export async function moveRacingDestroyIsConsistent({ open }: DriverCaseContext): Promise<void> {
  const driver = await open()
  const move = moveOf(driver)
  await Promise.all(
    raceVariants(2).map(async (variant) => {
      const [from, to] = [newStorageId(), newStorageId()]
      await createRecord(driver, from, plainWrites({ a: '1' }), 600)
      const label = `move() racing destroy(), ${variantLabel(variant)}`
      const [moved, destroyed] = await race(
        variant.gap,
        variant.order,
        () => move(from, to, patch({}), 600, { deleteOld: true }),
        () => driver.destroy(from),
      )
      succeeded(destroyed, label)
      const record = await driver.load(to, 600)
      assert.equal(
        record !== null,
        succeeded(moved, label),
        `${label}: the new id exists exactly when move() resolved true`,
      )
      await loadGone(driver, from, 600, `loading the old id after ${label}`)
    }),
  )
}

function succeeded<T>(outcome: RaceOutcome<T>, what: string): T {
  if (!outcome.ok) assert.fail(`${what}: no call may fail, one threw ${String(outcome.error)}`)
  return outcome.value
}

/** A plain update racing a destroy (see `racingDestroy`). */
export const updateRacingDestroy = racingDestroy('update')
/** A touch racing a destroy (see `racingDestroy`). */
export const touchRacingDestroy = racingDestroy('touch')
/** A flash-consuming load racing a destroy (see `racingDestroy`). */
export const loadRacingDestroy = racingDestroy('load')
/** A touch racing an update (see `racingUpdate`). */
export const touchRacingUpdate = racingUpdate('touch')
/** A flash-consuming load racing an update (see `racingUpdate`). */
export const loadRacingUpdate = racingUpdate('load')

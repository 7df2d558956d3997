import assert from 'node:assert/strict'
import type { CaseClock } from '../clock.js'
import { LATE_TOLERANCE_MS, TooLate } from './punctual.js'

/**
 * Check, with `find`, that a record is still there at `plannedAt` (epoch ms, on `clock`).
 * Found: fine. Not found while on time: an assertion failure saying `what`. Not found but
 * late: `TooLate` (the case is run again).
 */
export async function assertThereOnTime(
  clock: CaseClock,
  plannedAt: number,
  find: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const found = await find()
  if (found) return
  const late = clock.now() - plannedAt
  if (late > LATE_TOLERANCE_MS) throw new TooLate(what, late)
  assert.fail(`${what}: the record must still be there`)
}

import assert from 'node:assert/strict'
import type { DriverCaseContext } from '../driver-case.js'
import { newStorageId, patch, plainWrites } from '../support/records.js'
import { settleWithin } from '../support/time.js'

/** The timeout the unreachable driver gets, in milliseconds. */
export const UNREACHABLE_DRIVER_TIMEOUT_MS = 1_000

/** How much later than its timeout a call may fail. */
export const UNREACHABLE_DRIVER_MARGIN_MS = 750

/**
 * A driver whose server does not answer bounds its own waits: every call (load, create,
 * update, touch, destroy, move and ready when it has them), made all at once, rejects within
 * its timeout (plus a margin) with SessionStorageUnavailableError or an error core wraps as
 * one (anything that is not another sessionkit error); close then resolves in time.
 */
export async function unreachableDriverFailsFast({
  openUnreachable,
  close,
}: DriverCaseContext): Promise<void> {
  const driver = await openUnreachable({ timeout: UNREACHABLE_DRIVER_TIMEOUT_MS })
  const id = newStorageId()
  // A driver may answer at once or with a promise: each call is made a promise below.
  const calls: [string, () => unknown][] = [
    ['load()', () => driver.load(id, 60)],
    ['create()', () => driver.create(newStorageId(), plainWrites({ a: '1' }), 60)],
    ['update()', () => driver.update(id, patch({ a: '2' }), 60)],
    ['touch()', () => driver.touch(id, 60)],
    ['destroy()', () => driver.destroy(id)],
  ]
  const { move, ready } = driver
  if (move)
    calls.push([
      'move()',
      () => move.call(driver, id, newStorageId(), patch({}), 60, { deleteOld: true }),
    ])
  if (ready) calls.push(['ready()', () => ready.call(driver)])
  const limit = UNREACHABLE_DRIVER_TIMEOUT_MS + UNREACHABLE_DRIVER_MARGIN_MS
  await Promise.all(
    calls.map(async ([what, call]) => {
      const outcome = await settleWithin(Promise.resolve().then(call), limit)
      if (outcome.state === 'pending')
        assert.fail(`${what} on an unreachable server must fail within ${limit} ms, it hangs`)
      if (outcome.state === 'resolved')
        assert.fail(`${what} on an unreachable server must reject, it resolved`)
      const error = outcome.error as { code?: unknown; name?: unknown }
      assert.ok(
        outcome.error instanceof Error,
        `${what} must reject with an Error, got ${String(outcome.error)}`,
      )
      assert.ok(
        error.code === 'SESSION_STORAGE_UNAVAILABLE' ||
          !String(error.code ?? '').startsWith('SESSION_'),
        `${what} must reject with SessionStorageUnavailableError (or an error core wraps as one), got ${String(error.name)} ${String(error.code)}`,
      )
    }),
  )
  const closing = await settleWithin(close(driver), limit)
  assert.equal(closing.state, 'resolved', `close() must resolve within ${limit} ms`)
}

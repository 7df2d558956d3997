import assert from 'node:assert/strict'
import type { SessionStorage } from '@sessionkit/core'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { assertSessionError } from '../support/session-errors.js'
import { settleWithin } from '../support/time.js'
import { unknownSessionId } from '../support/unknown-id.js'

/** The operation timeout the unreachable storage gets, in milliseconds. */
export const UNREACHABLE_TIMEOUT_MS = 1_000

/** How much later than its timeout an operation may fail (event loop, teardown). */
export const UNREACHABLE_MARGIN_MS = 750

/**
 * A storage whose server does not answer fails fast: read and save reject with
 * SessionStorageUnavailableError and close resolves, each within the timeout (plus a margin).
 */
export async function unreachableFailsFast({ openUnreachable, close }: CaseContext): Promise<void> {
  const storage = await openUnreachable({ timeout: UNREACHABLE_TIMEOUT_MS })
  await expectUnavailable('read(a well-formed id)', storage.read(await unknownSessionId()))
  await expectUnavailable('read(null) then save() of new data', saveNew(storage))
  const limit = UNREACHABLE_TIMEOUT_MS + UNREACHABLE_MARGIN_MS
  const closing = await settleWithin(close(storage), limit)
  assert.equal(closing.state, 'resolved', `close() must resolve within ${limit} ms`)
}

async function saveNew(storage: SessionStorage): Promise<unknown> {
  const session = await storage.read(null)
  session.set('a', 1)
  return storage.save(session)
}

async function expectUnavailable(what: string, operation: Promise<unknown>): Promise<void> {
  const limit = UNREACHABLE_TIMEOUT_MS + UNREACHABLE_MARGIN_MS
  const outcome = await settleWithin(operation, limit)
  if (outcome.state === 'pending') {
    assert.fail(`${what} on an unreachable server must fail within ${limit} ms, it hangs`)
  }
  if (outcome.state === 'resolved') {
    assert.fail(`${what} on an unreachable server must reject, it resolved`)
  }
  assertSessionError(outcome.error, 'SESSION_STORAGE_UNAVAILABLE', what)
}

const define = topicCases('availability')

/** The availability cases. */
export const availabilityCases: readonly ConformanceCase[] = [
  define(
    'unreachable',
    `an unreachable server fails within the ${UNREACHABLE_TIMEOUT_MS} ms timeout`,
    unreachableFailsFast,
    { needsUnreachable: true },
  ),
]

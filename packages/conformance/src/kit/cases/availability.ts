import assert from 'node:assert/strict'
import type { Session } from '@sessionkit/core'
import type { CaseContext } from '../case.js'
import { assertSessionError } from '../support/session-errors.js'
import { createStored, readStored } from '../support/sessions.js'
import { settleWithin } from '../support/time.js'
import { unknownSessionId } from '../support/unknown-id.js'

/** The operation timeout the unreachable storage gets, in milliseconds. */
export const UNREACHABLE_TIMEOUT_MS = 1_000

/** How much later than its timeout an operation may fail (event loop, teardown). */
export const UNREACHABLE_MARGIN_MS = 750

/**
 * A storage whose server does not answer fails fast, whatever it is asked: read, and saves
 * that create, update, destroy, regenerate (keeping the old id or not) and change a lifetime,
 * each reject with SessionStorageUnavailableError within the timeout (plus a margin), all at
 * once; then close resolves in time. The sessions to save are read from a working storage of
 * the same backend, as another app server would have.
 */
export async function unreachableFailsFast({
  open,
  openUnreachable,
  close,
}: CaseContext): Promise<void> {
  const working = await open()
  const loaded = async (change: (session: Session) => void) => {
    const session = await readStored(working, await createStored(working, { a: 1 }), 'setup')
    change(session)
    return session
  }
  const saves: [string, Session][] = [
    ['a save that creates', await working.read(null)],
    ['a save that updates', await loaded((s) => s.set('b', 2))],
    ['a save that destroys', await loaded((s) => s.destroy())],
    ['a save that regenerates the id', await loaded((s) => s.regenerateId())],
    [
      'a save that regenerates, keeping the old id',
      await loaded((s) => s.regenerateId({ deleteOld: false })),
    ],
    ['a save that sets a lifetime', await loaded((s) => s.setLifetime(120))],
  ]
  saves[0]?.[1].set('a', 1)
  const storage = await openUnreachable({ timeout: UNREACHABLE_TIMEOUT_MS })
  const operations: [string, Promise<unknown>][] = [
    ['read(a well-formed id)', storage.read(await unknownSessionId())],
    ...saves.map(([what, session]): [string, Promise<unknown>] => [what, storage.save(session)]),
  ]
  await Promise.all(operations.map(([what, operation]) => expectUnavailable(what, operation)))
  const limit = UNREACHABLE_TIMEOUT_MS + UNREACHABLE_MARGIN_MS
  const closing = await settleWithin(close(storage), limit)
  assert.equal(closing.state, 'resolved', `close() must resolve within ${limit} ms`)
}

/** Assert that `operation` rejects with SessionStorageUnavailableError within the limit. */
export async function expectUnavailable(what: string, operation: Promise<unknown>): Promise<void> {
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

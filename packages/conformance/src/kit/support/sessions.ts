import assert from 'node:assert/strict'
import type { Session, SessionStorage } from '@sessionkit/core'
import type { CaseClock } from '../clock.js'
import { must } from './must.js'
import { assertThereOnTime } from './on-time.js'

/** Save `session` and assert it gave the cookie value of a stored session (its id). */
export async function saveStored(
  storage: SessionStorage,
  session: Session,
  what: string,
): Promise<string> {
  const cookie = await must(`${what}: save()`, storage.save(session))
  assert.ok(
    typeof cookie === 'string' && cookie !== '',
    `${what}: save() must resolve the cookie value, got ${JSON.stringify(cookie)}`,
  )
  assert.equal(cookie, session.id, `${what}: the cookie value must be the session id`)
  return cookie
}

/** Store a new session holding `data` and return its cookie value. */
export async function createStored(
  storage: SessionStorage,
  data: Readonly<Record<string, unknown>>,
): Promise<string> {
  const session = await must('read(null)', storage.read(null))
  for (const [key, value] of Object.entries(data)) session.set(key, value)
  return saveStored(storage, session, 'saving a new session with data')
}

/** Read `cookie` and assert it is the stored session, not a new one. */
export async function readStored(
  storage: SessionStorage,
  cookie: string,
  what: string,
): Promise<Session> {
  const session = await must(`${what}: read()`, storage.read(cookie))
  assert.equal(session.isNew, false, `${what}: the stored session must be found`)
  assert.equal(session.id, cookie, `${what}: a found session keeps its id`)
  return session
}

/** Read `cookie` and assert it gives a new, empty session under a fresh id. */
export async function readGone(
  storage: SessionStorage,
  cookie: string,
  what: string,
): Promise<Session> {
  const session = await must(`${what}: read()`, storage.read(cookie))
  assert.equal(session.isNew, true, `${what}: must give a new session`)
  assert.notEqual(session.id, cookie, `${what}: a new session must get a fresh id`)
  assert.deepEqual(session.keys(), [], `${what}: a new session holds no data`)
  return session
}

/** Every key of `session` with its value, for comparing whole sessions. */
export function dataOf(session: Session): Record<string, unknown> {
  return Object.fromEntries(session.keys().map((key) => [key, session.get(key)]))
}

/**
 * `readStored` for a timed check planned at `plannedAt`: when the session is gone but the read
 * ran too late to conclude, `TooLate` (the case runs again) instead of a failure.
 */
export async function readStoredOnTime(
  clock: CaseClock,
  plannedAt: number,
  storage: SessionStorage,
  cookie: string,
  what: string,
): Promise<Session> {
  let session: Session | undefined
  await assertThereOnTime(
    clock,
    plannedAt,
    async () => {
      session = await must(`${what}: read()`, storage.read(cookie))
      return !session.isNew
    },
    `${what}: the stored session must be found`,
  )
  const found = session as Session
  assert.equal(found.id, cookie, `${what}: a found session keeps its id`)
  return found
}

import assert from 'node:assert/strict'
import type { OwnedSessionInfo, Session, SessionStorage } from '@sessionkit/core'
import type { CaseContext } from '../case.js'
import { must } from '../support/must.js'
import { assertRejectsSessionError, assertThrowsSessionError } from '../support/session-errors.js'
import { readGone, readStored, saveStored } from '../support/sessions.js'

// Sessions per owner: a session tied to a user at login is listed, revoked one by one or all
// at once, and a revoked session is gone on its very next request, on every app server.

/** Log `owner` in on a new session (as an app does at login); the session and its cookie. */
async function login(
  storage: SessionStorage,
  owner: string,
  userAgent = 'kit-browser/1.0',
): Promise<{ session: Session; cookie: string }> {
  const session = await must('read(null)', storage.read(null))
  session.setOwner(owner, { userAgent })
  session.set('user', owner)
  const cookie = await saveStored(storage, session, `logging ${owner} in`)
  return { session, cookie }
}

/** The handles `listSessions(owner)` gives, sorted. */
async function handlesOf(storage: SessionStorage, owner: string): Promise<string[]> {
  const list = await must(`listSessions(${owner})`, storage.listSessions(owner))
  return list.map((info) => info.handle).sort()
}

/** The handle of the stored session `session`, as the listing shows it (marked current). */
async function handleOf(storage: SessionStorage, owner: string, session: Session) {
  const list = await must('listSessions()', storage.listSessions(owner, { current: session }))
  const current = list.filter((info) => info.current)
  assert.equal(current.length, 1, 'listSessions() must mark exactly the current session')
  return (current[0] as OwnedSessionInfo).handle
}

/** A session keeps its owner, which no other user can take over; bad owners are refused. */
export async function ownerIsKept({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const { cookie } = await login(storage, 'ada')
  const read = await readStored(storage, cookie, 'reading an owned session')
  assert.equal(read.owner, 'ada', 'a stored session keeps its owner')
  assert.equal(read.get('__sk:owner'), undefined, 'the owner is not a session key')
  assert.deepEqual(read.keys(), ['user'], 'the owner and its metadata are not session keys')
  assertThrowsSessionError(() => read.setOwner('bob'), 'SESSION_STATE', 'setOwner(other user)')
  read.setOwner('ada')
  assert.equal(read.dirty, false, 'setOwner() with the same owner changes nothing')
  const fresh = await storage.read(null)
  assertThrowsSessionError(() => fresh.setOwner(''), 'SESSION_DATA', "setOwner('')")
  assertThrowsSessionError(
    () => fresh.setOwner('ada', { userAgent: 7 as unknown as string }),
    'SESSION_DATA',
    'setOwner() with metadata that is not strings',
  )
}

/** Without owner support, listing and revoking are refused with a typed error. */
export async function unsupportedIsRefused({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const { session } = await login(storage, 'ada')
  await assertRejectsSessionError(
    storage.listSessions('ada'),
    'SESSION_UNSUPPORTED',
    'listSessions()',
  )
  await assertRejectsSessionError(
    storage.revokeAllSessions('ada', { except: session }),
    'SESSION_UNSUPPORTED',
    'revokeAllSessions()',
  )
}

/** The listing shows each live session of the owner, with its details, and nothing else. */
export async function listsOwnSessions({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const before = Date.now()
  const first = await login(storage, 'ada', 'Firefox')
  const second = await login(storage, 'ada', 'Safari')
  await login(storage, 'bob')
  const anonymous = await storage.read(null)
  anonymous.set('cart', 1)
  await saveStored(storage, anonymous, 'saving a session without owner')
  await assertRejectsSessionError(storage.revokeSession('ada', 'x'), 'SESSION_DATA', 'bad handle')

  const list = await must('listSessions()', storage.listSessions('ada', { current: first.session }))
  assert.equal(list.length, 2, "listSessions() must give exactly the owner's two sessions")
  const byAgent = new Map(list.map((info) => [info.metadata.userAgent, info]))
  assert.deepEqual([...byAgent.keys()].sort(), ['Firefox', 'Safari'], 'each with its metadata')
  for (const info of list) {
    assert.match(info.handle, /^[A-Za-z0-9_-]{43}$/, 'a handle is a storage id')
    for (const cookie of [first.cookie, second.cookie]) {
      assert.ok(!info.handle.includes(cookie), 'a handle must not reveal the cookie value')
    }
    assert.ok(
      info.createdAt !== undefined && info.createdAt >= before - 1000,
      'createdAt is when it was created',
    )
    assert.ok(info.lastSeenAt >= before - 1000, 'lastSeenAt is recent')
    assert.ok(info.lastSeenAt <= Date.now() + 1000, 'lastSeenAt is not in the future')
    assert.ok(info.expiresAt > Date.now(), 'expiresAt is ahead')
  }
  assert.equal(byAgent.get('Firefox')?.current, true, 'the current session is marked')
  assert.equal(byAgent.get('Safari')?.current, false, 'only the current session is marked')
  assert.equal((await handlesOf(storage, 'bob')).length, 1, "another owner's list")
  assert.deepEqual(await handlesOf(storage, 'nobody'), [], 'an owner without sessions')
}

/** Expired and destroyed sessions are not listed. */
export async function listsLiveOnly({ open, clock }: CaseContext): Promise<void> {
  const storage = await open({ ttl: 1, refreshAfter: 0 })
  await login(storage, 'ada')
  const destroyed = await login(storage, 'ada')
  destroyed.session.destroy()
  assert.equal(await storage.save(destroyed.session), '', 'destroying a session')
  await clock.sleep(2100)
  const live = await login(storage, 'ada')
  const listed = await handlesOf(storage, 'ada')
  assert.equal(listed.length, 1, 'only the live session may be listed (not expired, destroyed)')
  assert.equal(listed[0], await handleOf(storage, 'ada', live.session), 'the live one')
}

/** Revoking one session by its handle ends it, and only it, and only for its owner. */
export async function revokesOne({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const first = await login(storage, 'ada')
  const second = await login(storage, 'ada')
  const bob = await login(storage, 'bob')
  const handle = await handleOf(storage, 'ada', first.session)
  const bobHandle = await handleOf(storage, 'bob', bob.session)
  assert.equal(
    await storage.revokeSession('ada', bobHandle),
    false,
    "revokeSession() with another owner's handle must refuse",
  )
  await readStored(storage, bob.cookie, "another owner's session is left alone")
  assert.equal(await storage.revokeSession('ada', handle), true, 'revokeSession() of a live one')
  await readGone(storage, first.cookie, 'the revoked session on its next request')
  await readStored(storage, second.cookie, "the owner's other session survives")
  assert.equal(await storage.revokeSession('ada', handle), false, 'revoking it again')
  assert.deepEqual(
    await handlesOf(storage, 'ada'),
    [await handleOf(storage, 'ada', second.session)],
    'the revoked session is no longer listed',
  )
}

/** Revoking all sessions ends each of them, except the one kept; other owners' stay. */
export async function revokesAll({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const kept = await login(storage, 'ada')
  const others = [await login(storage, 'ada'), await login(storage, 'ada')]
  const bob = await login(storage, 'bob')
  await must(
    'revokeAllSessions(except)',
    storage.revokeAllSessions('ada', { except: kept.session }),
  )
  for (const other of others) await readGone(storage, other.cookie, 'a revoked session')
  const survivor = await readStored(storage, kept.cookie, 'the session kept by except')
  survivor.set('after', true)
  await saveStored(storage, survivor, 'saving the kept session')
  await readStored(storage, bob.cookie, "another owner's session")
  const again = await login(storage, 'ada')
  await must('revokeAllSessions()', storage.revokeAllSessions('ada'))
  await readGone(storage, kept.cookie, 'the kept session, once all are revoked')
  await readGone(storage, again.cookie, 'a session made after the first revocation')
  await readStored(storage, bob.cookie, "another owner's session, still")
}

/** A revocation through one storage is seen by the very next read through another. */
export async function revokedOnEveryServer({ open, openSharing, target }: CaseContext) {
  const here = await open()
  const there = await openSharing(here)
  const listing = (target.capabilities?.owners ?? 'none') === 'list'
  const first = await login(here, 'ada')
  const second = await login(here, 'ada')
  // The other server has seen both sessions (and may keep them in a local cache).
  for (const { cookie } of [first, second]) {
    await readStored(there, cookie, 'reading on the other server')
    await readStored(there, cookie, 'reading again on the other server')
  }
  if (listing) {
    const handle = await handleOf(here, 'ada', first.session)
    assert.equal(await here.revokeSession('ada', handle), true, 'revokeSession()')
    await readGone(there, first.cookie, 'the revoked session, on the other server')
  }
  await must('revokeAllSessions()', here.revokeAllSessions('ada'))
  await readGone(there, second.cookie, 'a session revoked by all, on the other server')
  await readGone(here, second.cookie, 'a session revoked by all, on this server')
}

/** A request that loaded the session before it was revoked cannot bring it back by saving. */
export async function lateSaveStaysRevoked({ open, target }: CaseContext): Promise<void> {
  const storage = await open()
  const { cookie } = await login(storage, 'ada')
  const late = await readStored(storage, cookie, 'a request in flight')
  const regenerating = await readStored(storage, cookie, 'another request in flight')
  await must('revokeAllSessions()', storage.revokeAllSessions('ada'))
  late.set('written', 'late')
  assert.equal(await storage.save(late), '', 'a late save of a revoked session clears the cookie')
  regenerating.regenerateId()
  assert.equal(await storage.save(regenerating), '', 'a late regenerateId of a revoked session')
  await readGone(storage, cookie, 'the revoked session after the late saves')
  await readGone(storage, regenerating.id, 'the id a late regenerateId asked for')
  if ((target.capabilities?.owners ?? 'none') === 'list') {
    assert.deepEqual(await handlesOf(storage, 'ada'), [], 'nothing listed after late saves')
  }
}

/** `regenerateId` keeps the owner, and the index follows the new id. */
export async function regenerateKeepsOwner({ open, target }: CaseContext): Promise<void> {
  const storage = await open()
  const { cookie } = await login(storage, 'ada')
  const session = await readStored(storage, cookie, 'reading the logged-in session')
  session.regenerateId()
  const moved = await saveStored(storage, session, 'saving the regenerated session')
  await readGone(storage, cookie, 'the old id')
  const read = await readStored(storage, moved, 'the new id')
  assert.equal(read.owner, 'ada', 'the regenerated session keeps its owner')
  if ((target.capabilities?.owners ?? 'none') === 'list') {
    assert.deepEqual(
      await handlesOf(storage, 'ada'),
      [await handleOf(storage, 'ada', read)],
      'only the new id is listed',
    )
  }
  // Owned at login on a session that existed before (regenerateId with setOwner).
  const anonymous = await storage.read(null)
  anonymous.set('cart', 2)
  const before = await saveStored(storage, anonymous, 'an anonymous session')
  const loggingIn = await readStored(storage, before, 'the anonymous session at login')
  loggingIn.setOwner('ada')
  loggingIn.regenerateId()
  const after = await saveStored(storage, loggingIn, 'logging in with regenerateId')
  await must('revokeAllSessions()', storage.revokeAllSessions('ada'))
  await readGone(storage, moved, 'the regenerated session, revoked')
  await readGone(storage, after, 'the session owned at login, revoked')
}

/**
 * A login racing a log-out-everywhere: afterwards its session is either gone, or still
 * listed (and ended by the next log-out-everywhere); never alive and out of reach.
 */
export async function loginRaceIsRevocable({ open, target }: CaseContext): Promise<void> {
  const storage = await open()
  const listing = (target.capabilities?.owners ?? 'none') === 'list'
  const survivors: string[] = []
  for (let round = 0; round < 20; round++) {
    const session = await storage.read(null)
    session.setOwner('ada')
    session.set('round', round)
    const [cookie] = await Promise.all([storage.save(session), storage.revokeAllSessions('ada')])
    const read = await storage.read(cookie ?? '')
    if (read.isNew) continue
    survivors.push(cookie as string)
    if (listing) {
      assert.ok(
        (await handlesOf(storage, 'ada')).includes(await handleOf(storage, 'ada', read)),
        'a session that survived a racing revocation must be listed',
      )
    }
  }
  await must('revokeAllSessions()', storage.revokeAllSessions('ada'))
  for (const cookie of survivors) await readGone(storage, cookie, 'a survivor, revoked again')
}

import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { createStored, readGone, readStored, saveStored } from '../support/sessions.js'
import { unknownSessionId } from '../support/unknown-id.js'

/** An unknown well-formed id gives a new session under a fresh id, never the id offered. */
export async function unknownIdGetsNewId({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const offered = await unknownSessionId()
  const session = await readGone(storage, offered, 'reading an unknown well-formed id')
  session.set('a', 1)
  const cookie = await saveStored(storage, session, 'saving the new session')
  assert.notEqual(cookie, offered, 'the offered id must never be adopted (session fixation)')
  await readGone(storage, offered, 'reading the offered id after the save')
  await readStored(storage, cookie, 'reading the new id')
}

/** Malformed cookie values never throw; each gives a new session, never someone else's. */
export async function malformedIdsGetNewId({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const real = await createStored(storage, { owner: 'victim' })
  const malformed = [
    '',
    ' ',
    'not-a-session-id',
    'a'.repeat(31),
    'a'.repeat(33),
    `${'a'.repeat(30)}+/`,
    `${'a'.repeat(31)}=`,
    `${'a'.repeat(15)} ${'a'.repeat(16)}`,
    `${'a'.repeat(30)}é`,
    '\u0000'.repeat(32),
    '../../../../etc/passwd',
    '*',
    'sk-test:*',
    'x'.repeat(10 * 1024),
    `${real} `,
    ` ${real}`,
    `${real}\n`,
    `${real}\r\n`,
    `${real}\r\nSET x 1`,
    `${real}\r\nEND\r\n`,
    `${real}a`,
    real.slice(1),
    encodeURIComponent(`${real}\n`),
  ]
  for (const value of malformed) {
    const label = JSON.stringify(
      value.length > 60 ? `${value.slice(0, 20)}… (${value.length})` : value,
    )
    let session: Awaited<ReturnType<typeof storage.read>>
    try {
      session = await storage.read(value)
    } catch (error) {
      assert.fail(`read(${label}) must not throw, it threw ${String(error)}`)
    }
    assert.equal(session.isNew, true, `read(${label}) must give a new session`)
    assert.notEqual(session.id, value, `read(${label}) must give a fresh id`)
    assert.equal(session.has('owner'), false, `read(${label}) must not load another session`)
  }
  await readStored(storage, real, 'the real session is unaffected')
}

/** New sessions get distinct ids. */
export async function newSessionsGetDistinctIds({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookies = await Promise.all(
    Array.from({ length: 100 }, (_, i) => createStored(storage, { i })),
  )
  assert.equal(new Set(cookies).size, cookies.length, '100 new sessions must get 100 ids')
}

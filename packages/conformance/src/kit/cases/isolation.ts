import assert from 'node:assert/strict'
import { type CaseContext, type ConformanceCase, topicCases } from '../case.js'
import { createStored, dataOf, readGone, readStored } from '../support/sessions.js'

/** Two storages with different prefixes on one server never see each other's sessions. */
export async function prefixesIsolate({ open }: CaseContext): Promise<void> {
  const [left, right] = await Promise.all([open(), open()])
  const leftCookie = await createStored(left, { side: 'left' })
  const rightCookie = await createStored(right, { side: 'right' })
  await readGone(right, leftCookie, "reading the left storage's session from the right one")
  await readGone(left, rightCookie, "reading the right storage's session from the left one")
  const fromLeft = await readStored(left, leftCookie, 'reading the left session from the left')
  fromLeft.destroy()
  await left.save(fromLeft)
  const stillRight = await readStored(right, rightCookie, 'the right session after that')
  assert.deepStrictEqual(dataOf(stillRight), { side: 'right' }, 'the right session is unchanged')
}

/** Many sessions of one storage each keep their own data. */
export async function sessionsAreIndependent({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const count = 100
  const cookies = await Promise.all(
    Array.from({ length: count }, (_, i) => createStored(storage, { i, label: `session ${i}` })),
  )
  const sessions = await Promise.all(
    cookies.map((cookie) => readStored(storage, cookie, 'reading one of many sessions')),
  )
  sessions.forEach((session, i) => {
    assert.deepStrictEqual(dataOf(session), { i, label: `session ${i}` }, `session ${i}`)
  })
}

const define = topicCases('isolation')

/** The isolation cases. */
export const isolationCases: readonly ConformanceCase[] = [
  define('prefixes', 'storages with different prefixes are isolated', prefixesIsolate),
  define('sessions', 'sessions of one storage keep their own data', sessionsAreIndependent),
]

import { randomInt } from 'node:crypto'
import type { Session } from '@sessionkit/core'
import { MAX_USER_AGENT_LENGTH } from '../device.js'
import { formatDuration } from '../duration.js'
import { sessionHandle } from '../session-handle.js'
import { CODE_TTL_DEFAULT, CODE_TTL_MAX, REMEMBER_SECONDS } from './constants.js'
import { type DemoContext, readForm, redirectHome } from './route.js'

const MAX_NAME_LENGTH = 40

/** POST /login: a new id (no fixation), the name, the chosen lifetime, a welcome flash. */
export async function logIn(request: Request, session: Session): Promise<Response> {
  const form = await readForm(request)
  const name = (form.get('name') ?? '').trim().slice(0, MAX_NAME_LENGTH)
  if (name === '') return redirectHome()
  // The name stands for the account: the session is tied to it, for the account page.
  if (session.owner !== undefined && session.owner !== name) return redirectHome()
  session.regenerateId()
  const userAgent = (request.headers.get('user-agent') ?? '').slice(0, MAX_USER_AGENT_LENGTH)
  session.setOwner(name, { userAgent })
  session.set('user', name)
  session.set('count', 0)
  session.setLifetime(form.get('remember') === '1' ? REMEMBER_SECONDS : null)
  session.flash('notice', `Welcome, ${name}! You are logged in.`)
  return redirectHome()
}

/** POST /logout: the session leaves the store and the cookie is cleared. */
export function logOut(_request: Request, session: Session): Response {
  session.destroy()
  return redirectHome()
}

/** POST /regenerate: a new id for the same data; the old handle is flashed to compare. */
export function regenerate(_request: Request, session: Session): Response {
  if (!session.has('user')) return redirectHome()
  const before = sessionHandle(session.id)
  session.regenerateId()
  session.flash('regenerated', before)
  session.flash('notice', 'New session id, same data: the old id no longer works.')
  return redirectHome()
}

/** POST /remember: remember=1 gives the session its own 30-day lifetime, 0 drops it. */
export async function remember(request: Request, session: Session): Promise<Response> {
  if (!session.has('user')) return redirectHome()
  const on = (await readForm(request)).get('remember') === '1'
  session.setLifetime(on ? REMEMBER_SECONDS : null)
  session.flash(
    'notice',
    on
      ? `Remembered: this session now lives ${formatDuration(REMEMBER_SECONDS)} after each visit.`
      : 'No longer remembered: this session now lives the store’s TTL after each visit.',
  )
  return redirectHome()
}

/** POST /code: a six-digit code in a key with its own TTL (form field `seconds`). */
export async function issueCode(
  request: Request,
  session: Session,
  context: DemoContext,
): Promise<Response> {
  if (!session.has('user') || context.storage.capabilities.fieldTtl === 'none') {
    return redirectHome()
  }
  const seconds = Number((await readForm(request)).get('seconds') ?? CODE_TTL_DEFAULT)
  if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= CODE_TTL_MAX)) {
    session.flash('notice', `A code lives from 1 to ${CODE_TTL_MAX} whole seconds.`)
    return redirectHome()
  }
  session.set('code', String(randomInt(0, 1_000_000)).padStart(6, '0'), { ttl: seconds })
  return redirectHome()
}

/** POST /count: one more. */
export function count(_request: Request, session: Session): Response {
  if (session.has('user')) session.set('count', Number(session.get('count') ?? 0) + 1)
  return redirectHome()
}

import type { Session } from '@sessionkit/core'
import { accountPage } from '../pages/account.js'
import { type DemoContext, htmlResponse, readForm, redirectHome } from './route.js'

/** Back to the account page after a form. */
function redirectAccount(): Response {
  return new Response(null, { status: 303, headers: { Location: '/account' } })
}

/** GET /account: the user's sessions (when the store lists them) and sign-out buttons. */
export async function showAccount(
  _request: Request,
  session: Session,
  { storage }: DemoContext,
): Promise<Response> {
  const user = session.owner
  if (user === undefined) return redirectHome()
  const sessions =
    storage.capabilities.owners === 'list'
      ? await storage.listSessions(user, { current: session })
      : undefined
  const flash = session.get('notice')
  return htmlResponse(
    accountPage({
      user,
      flash: typeof flash === 'string' ? flash : undefined,
      sessions,
      now: Date.now(),
    }),
  )
}

/** POST /account/revoke: sign out one of the user's other sessions, by its handle. */
export async function revokeOne(
  request: Request,
  session: Session,
  { storage }: DemoContext,
): Promise<Response> {
  const user = session.owner
  if (user === undefined || storage.capabilities.owners !== 'list') return redirectHome()
  const handle = (await readForm(request)).get('handle') ?? ''
  // A handle that is not one of this user's sessions is refused by the storage (false).
  const revoked = /^[\w-]{43}$/.test(handle) && (await storage.revokeSession(user, handle))
  session.flash('notice', revoked ? 'That session is signed out.' : 'No such session.')
  return redirectAccount()
}

/** POST /account/revoke-others: every session of the user but this one ends. */
export async function revokeOthers(
  _request: Request,
  session: Session,
  { storage }: DemoContext,
): Promise<Response> {
  const user = session.owner
  if (user === undefined) return redirectHome()
  await storage.revokeAllSessions(user, { except: session })
  session.flash('notice', 'Every other session is signed out.')
  return redirectAccount()
}

/** POST /account/revoke-all: every session of the user ends, this one too. */
export async function revokeAll(
  _request: Request,
  session: Session,
  { storage }: DemoContext,
): Promise<Response> {
  const user = session.owner
  if (user === undefined) return redirectHome()
  await storage.revokeAllSessions(user)
  session.destroy()
  return redirectHome()
}

import type { Session } from '@sessionkit/core'
import { homePage, type UserModel } from '../pages/home.js'
import { sessionHandle } from '../session-handle.js'
import { CODE_TTL_DEFAULT, REMEMBER_SECONDS } from './constants.js'
import { type DemoContext, htmlResponse } from './route.js'

/** GET /: the login form, or the dashboard of a logged-in session. */
export function showHome(_request: Request, session: Session, context: DemoContext): Response {
  const { storage } = context
  const flash = session.get('notice')
  return htmlResponse(
    homePage({
      store: {
        label: context.storeLabel,
        fieldTtl: storage.capabilities.fieldTtl,
        ttl: storage.ttl,
      },
      flash: typeof flash === 'string' ? flash : undefined,
      user: userOf(session),
      rememberFor: REMEMBER_SECONDS,
      codeTtl: CODE_TTL_DEFAULT,
    }),
  )
}

function userOf(session: Session): UserModel | undefined {
  const name = session.get('user')
  if (typeof name !== 'string') return undefined
  const before = session.get('regenerated')
  const code = session.get('code')
  return {
    name,
    count: Number(session.get('count') ?? 0),
    handle: sessionHandle(session.id),
    handleBefore: typeof before === 'string' ? before : undefined,
    lifetime: session.lifetime,
    expiresIn:
      session.expiresAt === undefined ? undefined : (session.expiresAt - Date.now()) / 1000,
    code:
      typeof code === 'string' ? { value: code, secondsLeft: session.ttl('code') ?? 0 } : undefined,
  }
}

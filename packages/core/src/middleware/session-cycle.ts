import type { Cookie } from '../cookie/cookie.js'
import { SessionConfigError } from '../errors.js'
import type { Session } from '../session/session.js'
import type { SessionStorage } from '../storage/session-storage.js'

/** Options shared by sessionkit's middleware. */
export interface SessionMiddlewareOptions {
  /** Where sessions live. */
  storage: SessionStorage
  /** The session cookie; it must be signed (created with `secrets`). */
  cookie: Cookie
  /**
   * Re-send the cookie on every response of a stored session, so that its Max-Age slides
   * with the session TTL instead of running out while the session lives (default true).
   * This costs header bytes only, never a storage write.
   */
  rolling?: boolean | undefined
}

/** A session opened for one request, and what closing it needs to know. */
export interface OpenedSession {
  readonly session: Session
  /** The request carried a valid cookie. */
  readonly hadCookie: boolean
  /** That cookie was signed with an older secret. */
  readonly needsResign: boolean
}

/** Refuse a cookie that is not signed: an unsigned session cookie can be forged. */
export function assertSignedCookie(cookie: Cookie): void {
  if (!cookie.signed) {
    throw new SessionConfigError([
      `session cookie "${cookie.name}" must be signed: pass secrets to createCookie`,
    ])
  }
}

/** Read the session for a request's `Cookie` header. */
export async function openSession(
  options: SessionMiddlewareOptions,
  cookieHeader: string | null,
): Promise<OpenedSession> {
  const { value, needsResign } = await options.cookie.parseDetailed(cookieHeader)
  const session = await options.storage.read(value)
  return { session, hadCookie: value !== null, needsResign }
}

/** Save the session and return the `Set-Cookie` header the response needs, or null. */
export async function closeSession(
  options: SessionMiddlewareOptions,
  opened: OpenedSession,
): Promise<string | null> {
  const { storage, cookie, rolling = true } = options
  const { session } = opened
  const value = await storage.save(session)
  const lifetime =
    cookie.attributes.maxAge === undefined && cookie.attributes.expires === undefined
      ? { maxAge: secondsUntil(session.expiresAt) ?? storage.ttl }
      : {}
  if (value === '' || (value === null && session.isNew && opened.hadCookie)) {
    return cookie.serialize('', { maxAge: 0, expires: new Date(0) })
  }
  if (value !== null) return cookie.serialize(value, lifetime)
  if (!session.isNew && (rolling || opened.needsResign))
    return cookie.serialize(session.id, lifetime)
  return null
}

/** Whole seconds from now until `expiresAt` (epoch ms), or undefined without one. */
function secondsUntil(expiresAt: number | undefined): number | undefined {
  return expiresAt === undefined
    ? undefined
    : Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000))
}

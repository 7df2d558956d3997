import type { Cookie } from '../cookie/cookie.js'
import { SessionConfigError } from '../errors.js'
import {
  bindSession,
  replaceSessionState,
  type Session,
  sessionStateOf,
} from '../session/session.js'
import type { SessionStorage } from '../storage/session-storage.js'

/**
 * When the cookie of a stored session is sent again on a response that did not change it:
 * - `'always'` (also `true`): on every response, so its Max-Age always starts from now;
 * - `'changed'` (also `false`): only when the session changed (or must be re-signed);
 * - `'refresh'`: whenever the store restarted the session's TTL, which a read does once the
 *   storage's `refreshAfter` share of the TTL has passed: the cookie keeps up with the store
 *   at the cost of one `Set-Cookie` per refresh.
 */
export type RollingMode = 'always' | 'changed' | 'refresh'

/** Options shared by sessionkit's middleware and framework adapters. */
export interface SessionMiddlewareOptions {
  /** Where sessions live. */
  storage: SessionStorage
  /** The session cookie; it must be signed (created with `secrets`). */
  cookie: Cookie
  /** When an unchanged session's cookie is sent again (default `'always'`); see `RollingMode`. */
  rolling?: boolean | RollingMode | undefined
  /**
   * Trust the `X-Forwarded-Proto` header for `secure: 'auto'` (set it only behind a proxy
   * that sets the header itself). Default false: only the connection's own protocol counts.
   */
  trustProxy?: boolean | undefined
}

/** What the request cycle needs to know about a request. */
export interface SessionRequestFacts {
  /** The request's `Cookie` header, or null. */
  readonly cookieHeader: string | null
  /** The request came over HTTPS (for `secure: 'auto'` cookies). */
  readonly secure: boolean
}

/** A session opened for one request, and what closing it needs to know. */
export interface OpenedSession {
  readonly session: Session
  /** The request carried a valid cookie. */
  readonly hadCookie: boolean
  /** That cookie was signed with an older secret. */
  readonly needsResign: boolean
  /** The request came over HTTPS. */
  readonly secure: boolean
  /** The cookie value a `session.save()` inside the handler produced, not sent yet. */
  savedValue: string | null
}

/** The request/response cycle every adapter runs: open a session, then close it. */
export interface SessionCycle {
  /** The options it was made with. */
  readonly options: SessionMiddlewareOptions
  /** Read the request's session; its `save()` and `reload()` work from then on. */
  open(request: SessionRequestFacts): Promise<OpenedSession>
  /** Save the session; the `Set-Cookie` header value the response needs, or null. */
  close(opened: OpenedSession): Promise<string | null>
}

/** A refreshed TTL is one restarted less than this long ago (ms): its cookie is re-sent. */
const JUST_REFRESHED_MS = 1_000

/**
 * The request cycle for `options`, shared by the Node and fetch middleware and every framework
 * adapter. Throws `SessionConfigError` for an unsigned cookie or an unknown rolling mode.
 */
export function createSessionCycle(options: SessionMiddlewareOptions): SessionCycle {
  assertSignedCookie(options.cookie)
  const { storage, cookie } = options
  const rolling = rollingMode(options.rolling)

  const open = async (request: SessionRequestFacts): Promise<OpenedSession> => {
    const { value, needsResign } = await cookie.parseDetailed(request.cookieHeader)
    const session = await storage.read(value)
    const opened: OpenedSession = {
      session,
      hadCookie: value !== null,
      needsResign,
      secure: request.secure,
      savedValue: null,
    }
    bindSession(session, {
      async save() {
        const saved = await storage.save(session)
        if (saved !== null) opened.savedValue = saved
      },
      async reload() {
        // By the id it was loaded or last saved under: a regeneration not saved yet is dropped.
        const stored = session.isNew ? null : sessionStateOf(session).loadedId
        replaceSessionState(session, await storage.read(stored))
      },
    })
    return opened
  }

  const close = async (opened: OpenedSession): Promise<string | null> => {
    const { session } = opened
    const value = (await storage.save(session)) ?? opened.savedValue
    opened.savedValue = null
    const secure = cookie.secure === 'auto' ? { secure: opened.secure } : {}
    if (value === '' || (value === null && session.isNew && opened.hadCookie)) {
      return cookie.serialize('', { ...secure, maxAge: 0, expires: new Date(0) })
    }
    const attributes =
      cookie.attributes.maxAge === undefined && cookie.attributes.expires === undefined
        ? { ...secure, maxAge: secondsUntil(session.expiresAt) ?? storage.ttl }
        : secure
    if (value !== null) return cookie.serialize(value, attributes)
    if (session.isNew) return null
    if (opened.needsResign || rollsNow(rolling, session, storage)) {
      return cookie.serialize(session.id, attributes)
    }
    return null
  }

  return { options, open, close }
}

/** Refuse a cookie that is not signed: an unsigned session cookie can be forged. */
export function assertSignedCookie(cookie: Cookie): void {
  if (!cookie.signed) {
    throw new SessionConfigError([
      `session cookie "${cookie.name}" must be signed: pass secrets to createCookie`,
    ])
  }
}

function rollingMode(rolling: SessionMiddlewareOptions['rolling']): RollingMode {
  if (rolling === undefined || rolling === true) return 'always'
  if (rolling === false) return 'changed'
  if (rolling === 'always' || rolling === 'changed' || rolling === 'refresh') return rolling
  throw new SessionConfigError([
    `rolling: expected true, false, 'always', 'changed' or 'refresh', got ${JSON.stringify(rolling)}`,
  ])
}

/** Whether an unchanged stored session's cookie goes out again under `mode`. */
function rollsNow(mode: RollingMode, session: Session, storage: SessionStorage): boolean {
  if (mode !== 'refresh') return mode === 'always'
  const { expiresAt } = session
  if (expiresAt === undefined) return false
  const lifetimeMs = (session.lifetime ?? storage.ttl) * 1000
  return expiresAt - Date.now() > lifetimeMs - JUST_REFRESHED_MS
}

/** Whole seconds from now until `expiresAt` (epoch ms), or undefined without one. */
function secondsUntil(expiresAt: number | undefined): number | undefined {
  return expiresAt === undefined
    ? undefined
    : Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000))
}

/**
 * Whether a request came over HTTPS: its own protocol, or with `trustProxy` the first value of
 * its `X-Forwarded-Proto` header.
 */
export function isSecureRequest(
  ownProtocolSecure: boolean,
  forwardedProto: string | null | undefined,
  trustProxy: boolean | undefined,
): boolean {
  if (trustProxy && forwardedProto) {
    return forwardedProto.split(',')[0]?.trim().toLowerCase() === 'https'
  }
  return ownProtocolSecure
}

import { SessionCookieError } from '../errors.js'
import {
  type CookieAttributes,
  cookieProblems,
  hasSecurePrefix,
  serializeSetCookie,
} from './cookie-attributes.js'
import { findCookieValue } from './cookie-header.js'
import { signValue, unsignValue } from './cookie-signature.js'

/** Options of `createCookie`: attributes plus the signing secrets. */
export interface CookieOptions extends Omit<CookieAttributes, 'secure'> {
  /**
   * Send the cookie over HTTPS only. `'auto'`: when the request came over HTTPS (the
   * middleware's `trustProxy` decides whether `X-Forwarded-Proto` counts); `serialize` without
   * an override then marks it Secure.
   */
  secure?: boolean | 'auto' | undefined
  /**
   * Secrets for HMAC-SHA256 signing, newest first: values are signed with the first and
   * accepted with any, so a secret can be rotated by putting the new one in front.
   */
  secrets?: readonly string[] | undefined
  /**
   * Accept secrets shorter than `MIN_SECRET_BYTES` (32 bytes of UTF-8). For development only: a
   * short secret can be guessed offline from one signed cookie.
   */
  allowShortSecrets?: boolean | undefined
}

/** Fewest UTF-8 bytes a signing secret must have unless `allowShortSecrets` is set. */
export const MIN_SECRET_BYTES = 32

/** What `Cookie.parseDetailed` found. */
export interface CookieParseResult {
  /** The verified value, or null when absent, tampered with, unsigned or undecodable. */
  readonly value: string | null
  /** True when the value was signed with an older secret and should be re-signed now. */
  readonly needsResign: boolean
}

/** A named cookie that parses `Cookie` headers and serialises `Set-Cookie` headers. */
export interface Cookie {
  /** The cookie name. */
  readonly name: string
  /** Whether values are signed (some secret was given). */
  readonly signed: boolean
  /** The `secure` option as given: `'auto'` follows each request's protocol. */
  readonly secure: boolean | 'auto'
  /** The attributes every `serialize` uses unless overridden. */
  readonly attributes: Readonly<CookieAttributes>
  /** The verified value from a `Cookie` header, or null. */
  parse(cookieHeader: string | null): Promise<string | null>
  /** Like `parse`, also telling whether the value should be re-signed with the newest secret. */
  parseDetailed(cookieHeader: string | null): Promise<CookieParseResult>
  /** A `Set-Cookie` header value carrying `value` (signed when secrets were given and it is not empty). */
  serialize(value: string, overrides?: CookieAttributes): Promise<string>
}

const NOTHING: CookieParseResult = { value: null, needsResign: false }

/**
 * A cookie called `name`. Defaults: path '/', httpOnly, sameSite 'Lax'. Throws
 * `SessionCookieError` for an invalid name, attribute or secret (a secret under 32 bytes
 * included, unless `allowShortSecrets`), and for a `__Secure-` or `__Host-` name whose
 * attributes break its prefix's rules. A `Cookie` header over `MAX_COOKIE_HEADER_LENGTH`
 * characters or with more than `MAX_COOKIES_PER_HEADER` cookies parses as no cookie.
 */
export function createCookie(name: string, options: CookieOptions = {}): Cookie {
  const { secrets = [], allowShortSecrets = false, secure = false, ...rest } = options
  const attributes: CookieAttributes = {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    ...rest,
    secure: secure !== false,
  }
  const problems = cookieProblems(name, attributes)
  if (secure === 'auto' && hasSecurePrefix(name)) {
    problems.push(`cookie ${name} has a prefix that requires secure: true, not 'auto'`)
  }
  if (secrets.some((secret) => typeof secret !== 'string' || secret === '')) {
    problems.push('cookie secrets must be non-empty strings')
  } else if (
    !allowShortSecrets &&
    secrets.some((secret) => Buffer.byteLength(secret) < MIN_SECRET_BYTES)
  ) {
    problems.push(
      `cookie secrets must have at least ${MIN_SECRET_BYTES} bytes (random ones, such as randomBytes(32).toString('base64url')); allowShortSecrets: true accepts shorter ones for development`,
    )
  }
  if (problems.length > 0) throw new SessionCookieError(`Invalid cookie: ${problems.join('; ')}`)
  const signed = secrets.length > 0

  const parseDetailed = async (cookieHeader: string | null): Promise<CookieParseResult> => {
    if (!cookieHeader) return NOTHING
    const raw = findCookieValue(cookieHeader, name)
    if (raw === undefined) return NOTHING
    let decoded: string
    try {
      decoded = decodeURIComponent(raw)
    } catch {
      return NOTHING
    }
    if (!signed) return { value: decoded, needsResign: false }
    const unsigned = await unsignValue(decoded, secrets)
    return unsigned ? { value: unsigned.value, needsResign: unsigned.secretIndex > 0 } : NOTHING
  }

  return {
    name,
    signed,
    secure,
    attributes,
    parseDetailed,
    async parse(cookieHeader) {
      return (await parseDetailed(cookieHeader)).value
    },
    async serialize(value, overrides = {}) {
      const secret = secrets[0]
      const payload = secret === undefined || value === '' ? value : await signValue(value, secret)
      return serializeSetCookie(name, encodeURIComponent(payload), { ...attributes, ...overrides })
    },
  }
}

import { SessionCookieError } from '../errors.js'

/** The SameSite values a cookie may carry. */
export type SameSite = 'Strict' | 'Lax' | 'None'

/** The Priority values a cookie may carry (Chromium extension). */
export type CookiePriority = 'Low' | 'Medium' | 'High'

/** Attributes of a `Set-Cookie` header. */
export interface CookieAttributes {
  /** Domain the cookie is sent to (default: the host only). */
  domain?: string | undefined
  /** Path the cookie is sent to (default '/'). */
  path?: string | undefined
  /** Lifetime in seconds; 0 or less deletes the cookie. */
  maxAge?: number | undefined
  /** Absolute expiry; `maxAge` wins in browsers that know both. */
  expires?: Date | undefined
  /** Hide the cookie from JavaScript (default true). */
  httpOnly?: boolean | undefined
  /** Send the cookie over HTTPS only. */
  secure?: boolean | undefined
  /** Cross-site policy (default 'Lax'); 'None' requires `secure`. */
  sameSite?: SameSite | undefined
  /** CHIPS partitioned cookie; requires `secure`. */
  partitioned?: boolean | undefined
  /** Chromium cookie priority. */
  priority?: CookiePriority | undefined
}

/** Largest `Set-Cookie` value (name, value and attributes) browsers are required to keep. */
export const MAX_COOKIE_BYTES = 4096

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const PATH = /^[\u0020-\u003A\u003C-\u007E]+$/
const SAME_SITE: readonly string[] = ['Strict', 'Lax', 'None']
const PRIORITY: readonly string[] = ['Low', 'Medium', 'High']

/** Problems with a cookie name and attributes, one line each (empty when valid). */
export function cookieProblems(name: string, attributes: CookieAttributes): string[] {
  const problems: string[] = []
  if (!TOKEN.test(name)) problems.push(`cookie name ${JSON.stringify(name)} is not a valid token`)
  const { domain, path, maxAge, expires, sameSite, priority } = attributes
  if (domain !== undefined && !DOMAIN.test(domain))
    problems.push(`invalid cookie domain ${JSON.stringify(domain)}`)
  if (path !== undefined && !PATH.test(path))
    problems.push(`invalid cookie path ${JSON.stringify(path)}`)
  if (maxAge !== undefined && !Number.isSafeInteger(maxAge))
    problems.push(`cookie maxAge must be whole seconds, got ${maxAge}`)
  if (expires !== undefined && !(expires instanceof Date && Number.isFinite(expires.getTime()))) {
    problems.push('cookie expires must be a valid Date')
  }
  if (sameSite !== undefined && !SAME_SITE.includes(sameSite))
    problems.push(`invalid cookie sameSite ${String(sameSite)}`)
  if (priority !== undefined && !PRIORITY.includes(priority))
    problems.push(`invalid cookie priority ${String(priority)}`)
  if (sameSite === 'None' && !attributes.secure)
    problems.push('cookie sameSite None requires secure')
  if (attributes.partitioned && !attributes.secure)
    problems.push('partitioned cookies require secure')
  if (hasSecurePrefix(name) && !attributes.secure)
    problems.push(`cookie ${name} requires secure (browsers drop it otherwise)`)
  if (name.startsWith('__Host-')) {
    if (domain !== undefined) problems.push(`cookie ${name} may not have a domain`)
    if (path !== '/') problems.push(`cookie ${name} requires path '/'`)
  }
  return problems
}

/** Whether `name` starts with `__Secure-` or `__Host-`, which browsers accept only when Secure. */
export function hasSecurePrefix(name: string): boolean {
  return name.startsWith('__Secure-') || name.startsWith('__Host-')
}

/**
 * A `Set-Cookie` header value. `value` must already be encoded for a cookie. Throws
 * `SessionCookieError` for an invalid name or attribute, or a result over 4096 bytes.
 */
export function serializeSetCookie(
  name: string,
  value: string,
  attributes: CookieAttributes,
): string {
  const problems = cookieProblems(name, attributes)
  if (problems.length > 0)
    throw new SessionCookieError(`Cannot serialize cookie: ${problems.join('; ')}`)
  const parts = [`${name}=${value}`]
  if (attributes.domain !== undefined) parts.push(`Domain=${attributes.domain}`)
  if (attributes.path !== undefined) parts.push(`Path=${attributes.path}`)
  if (attributes.maxAge !== undefined) parts.push(`Max-Age=${attributes.maxAge}`)
  if (attributes.expires !== undefined) parts.push(`Expires=${attributes.expires.toUTCString()}`)
  if (attributes.httpOnly) parts.push('HttpOnly')
  if (attributes.secure) parts.push('Secure')
  if (attributes.sameSite !== undefined) parts.push(`SameSite=${attributes.sameSite}`)
  if (attributes.partitioned) parts.push('Partitioned')
  if (attributes.priority !== undefined) parts.push(`Priority=${attributes.priority}`)
  const header = parts.join('; ')
  const bytes = Buffer.byteLength(header)
  if (bytes > MAX_COOKIE_BYTES) {
    throw new SessionCookieError(
      `Cookie "${name}" would take ${bytes} bytes, over the ${MAX_COOKIE_BYTES}-byte limit`,
    )
  }
  return header
}

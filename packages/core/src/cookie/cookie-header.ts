/**
 * Longest `Cookie` header parsed, in UTF-16 code units (32 KiB of ASCII): twice Node's default
 * limit for all request headers together, so no browser's real header comes near it.
 */
export const MAX_COOKIE_HEADER_LENGTH = 32_768

/** Most cookies a parsed `Cookie` header may carry (browsers keep at most 180 per domain). */
export const MAX_COOKIES_PER_HEADER = 300

/**
 * The raw value of the first cookie called `name` in a `Cookie` request header, or undefined;
 * undefined too for a header over `MAX_COOKIE_HEADER_LENGTH` or with more than
 * `MAX_COOKIES_PER_HEADER` cookies (an abusive one: refused whole, before any other work).
 * Follows RFC 6265's `cookie-string` loosely as browsers send it: pairs separated by ';',
 * optional whitespace, optional double quotes around the value.
 */
export function findCookieValue(header: string, name: string): string | undefined {
  if (header.length > MAX_COOKIE_HEADER_LENGTH || tooManyCookies(header)) return undefined
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const equals = header.indexOf('=', start)
    if (equals !== -1 && equals < end && header.slice(start, equals).trim() === name) {
      const value = header.slice(equals + 1, end).trim()
      return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
        ? value.slice(1, -1)
        : value
    }
    start = end + 1
  }
  return undefined
}

/** Whether `header` has more than `MAX_COOKIES_PER_HEADER` ';'-separated pairs. */
function tooManyCookies(header: string): boolean {
  // A pair takes at least 2 characters ("a;"), so a short header cannot have too many.
  if (header.length <= 2 * MAX_COOKIES_PER_HEADER) return false
  let pairs = 1
  for (let at = header.indexOf(';'); at !== -1; at = header.indexOf(';', at + 1)) {
    if (++pairs > MAX_COOKIES_PER_HEADER) return true
  }
  return false
}

/**
 * The raw value of the first cookie called `name` in a `Cookie` request header, or undefined.
 * Follows RFC 6265's `cookie-string` loosely as browsers send it: pairs separated by ';',
 * optional whitespace, optional double quotes around the value.
 */
export function findCookieValue(header: string, name: string): string | undefined {
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

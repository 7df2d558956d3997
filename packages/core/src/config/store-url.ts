import { SessionConfigError } from '../errors.js'

/** A store URL taken apart: `scheme://[user[:password]@]hosts[/path][?query]`. */
export interface StoreUrl {
  /** The scheme, lower case, without `:` (`redis`). */
  readonly scheme: string
  /** The user name, percent-decoded, when the URL has credentials. */
  readonly username?: string
  /** The password, percent-decoded, when the URL has one. */
  readonly password?: string
  /** The host part as written, between `@` and the path: `h1:11211,h2`, `[::1]:6379`, or ''. */
  readonly hosts: string
  /** The path as written (`/2`), or ''. */
  readonly path: string
  /** The query parameters. */
  readonly query: URLSearchParams
  /** The URL without its query and fragment, credentials included: never put it in a message. */
  readonly base: string
}

/**
 * Take a store URL apart without the WHATWG parser, which refuses host lists such as
 * `memcache://h1:11211,h2`. Throws `SessionConfigError` when `url` is not `scheme://...` (the
 * message does not quote it: it may hold a password).
 */
export function parseStoreUrl(url: string): StoreUrl {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i.exec(
    url.trim(),
  )
  if (!match) {
    throw new SessionConfigError(['not a store URL: expected scheme://..., e.g. redis://host:6379'])
  }
  const [, scheme = '', authority = '', path = '', query = ''] = match
  const at = authority.lastIndexOf('@')
  const userinfo = at === -1 ? undefined : authority.slice(0, at)
  const colon = userinfo?.indexOf(':') ?? -1
  const username =
    userinfo === undefined ? undefined : decode(colon === -1 ? userinfo : userinfo.slice(0, colon))
  const password =
    userinfo === undefined || colon === -1 ? undefined : decode(userinfo.slice(colon + 1))
  return {
    scheme: scheme.toLowerCase(),
    ...(username !== undefined && username !== '' && { username }),
    ...(password !== undefined && { password }),
    hosts: at === -1 ? authority : authority.slice(at + 1),
    path,
    query: new URLSearchParams(query),
    base: `${scheme}://${authority}${path}`,
  }
}

/** `text` with the credentials of every URL in it replaced by `***`. */
export function redact(text: string): string {
  return text.replace(/\/\/[^@/?#\s]*@/g, '//***@')
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new SessionConfigError([
      'the credentials of the store URL are not validly percent-encoded',
    ])
  }
}

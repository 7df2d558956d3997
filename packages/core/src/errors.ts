/** Machine-readable codes of every error sessionkit throws. */
export type SessionErrorCode =
  | 'SESSION_CONFIG'
  | 'SESSION_DATA'
  | 'SESSION_TOO_LARGE'
  | 'SESSION_STORAGE_UNAVAILABLE'
  | 'SESSION_COOKIE'
  | 'SESSION_STATE'
  | 'SESSION_UNSUPPORTED'

/** Base class of every error sessionkit throws; `code` tells them apart without `instanceof`. */
export class SessionError extends Error {
  readonly code: SessionErrorCode

  constructor(code: SessionErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** A configuration was invalid or named a backend whose package is not installed. */
export class SessionConfigError extends SessionError {
  /** Every problem found, one line each. */
  readonly issues: readonly string[]

  constructor(issues: readonly string[], options?: ErrorOptions) {
    super('SESSION_CONFIG', `Invalid session configuration:\n- ${issues.join('\n- ')}`, options)
    this.issues = issues
  }
}

/** A value cannot be stored (not JSON-serialisable, bad key or ttl) or a stored record is corrupt. */
export class SessionDataError extends SessionError {
  /** The session key concerned, when there is one. */
  readonly key: string | undefined

  constructor(message: string, key?: string, options?: ErrorOptions) {
    super('SESSION_DATA', message, options)
    this.key = key
  }
}

/** A save would make the session larger than the storage allows; nothing was written. */
export class SessionTooLargeError extends SessionError {
  /** Size in bytes the session would have had. */
  readonly size: number
  /** The limit in bytes. */
  readonly limit: number

  constructor(size: number, limit: number, options?: ErrorOptions) {
    super(
      'SESSION_TOO_LARGE',
      `Session would take ${size} bytes, over the limit of ${limit} bytes; nothing was saved`,
      options,
    )
    this.size = size
    this.limit = limit
  }
}

/** The storage server could not be reached or did not answer in time. */
export class SessionStorageUnavailableError extends SessionError {
  constructor(message: string, options?: ErrorOptions) {
    super('SESSION_STORAGE_UNAVAILABLE', message, options)
  }
}

/** A cookie could not be serialised: invalid name or attribute, or over 4096 bytes. */
export class SessionCookieError extends SessionError {
  constructor(message: string, options?: ErrorOptions) {
    super('SESSION_COOKIE', message, options)
  }
}

/** A session was used in a way its state forbids, such as writing to a destroyed session. */
export class SessionStateError extends SessionError {
  constructor(message: string, options?: ErrorOptions) {
    super('SESSION_STATE', message, options)
  }
}

/** The storage's backend cannot do what was asked (such as enumerating sessions on memcached). */
export class SessionUnsupportedError extends SessionError {
  constructor(message: string, options?: ErrorOptions) {
    super('SESSION_UNSUPPORTED', message, options)
  }
}

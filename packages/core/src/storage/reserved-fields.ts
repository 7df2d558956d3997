/** Prefix of every field name core reserves for itself; user keys may not start with it. */
export const RESERVED_FIELD_PREFIX = '__sk:'

/** Prefix of flash fields: a driver's `load` returns and removes them in one atomic step. */
export const FLASH_FIELD_PREFIX = `${RESERVED_FIELD_PREFIX}flash:`

/**
 * Field that every stored record carries from its creation, so that a record whose user
 * fields have all expired or been unset still exists until the session itself expires.
 */
export const CREATED_FIELD = `${RESERVED_FIELD_PREFIX}created`

/** Whether a stored field name is a flash field. */
export function isFlashField(name: string): boolean {
  return name.startsWith(FLASH_FIELD_PREFIX)
}

/** Field holding a session's own lifetime in seconds, when `Session.setLifetime` gave one. */
export const LIFETIME_FIELD = `${RESERVED_FIELD_PREFIX}lifetime`

/**
 * Prefix of fields a driver may keep inside a record for its own bookkeeping (versions, expiry
 * times); core never writes them and ignores them when they are loaded.
 */
export const DRIVER_FIELD_PREFIX = `${RESERVED_FIELD_PREFIX}d:`

/** Field holding the owner (user id) a session was tied to by `Session.setOwner`. */
export const OWNER_FIELD = `${RESERVED_FIELD_PREFIX}owner`

/** Field holding the JSON object of metadata given to `Session.setOwner` (e.g. user agent). */
export const OWNER_METADATA_FIELD = `${RESERVED_FIELD_PREFIX}meta`

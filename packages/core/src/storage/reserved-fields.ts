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

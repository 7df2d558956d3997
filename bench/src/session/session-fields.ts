/** Fields of every benchmark session, for every target. */
export const FIELD_COUNT = 10

/** The field the cycles read, and the modify cycle increments. */
export const COUNTER_FIELD = 'counter'

/** Characters of the text fields: no JSON escapes, so every target stores the same bytes. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '

/**
 * The data of a benchmark session of exactly `bytes` bytes as JSON: a counter (0) and 9 text
 * fields of about equal length, filled with deterministic pseudo-random characters.
 */
export function sessionFields(bytes: number): Record<string, unknown> {
  const names = Array.from({ length: FIELD_COUNT - 1 }, (_, i) => `field${i + 1}`)
  const empty: Record<string, unknown> = { [COUNTER_FIELD]: 0 }
  for (const name of names) empty[name] = ''
  const room = bytes - JSON.stringify(empty).length
  if (room < 0)
    throw new RangeError(`a session of ${FIELD_COUNT} fields needs more than ${bytes} B`)
  const fields: Record<string, unknown> = { [COUNTER_FIELD]: 0 }
  let seed = 42
  for (const [i, name] of names.entries()) {
    const length = Math.floor(room / names.length) + (i < room % names.length ? 1 : 0)
    let text = ''
    for (let c = 0; c < length; c++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      text += ALPHABET[seed % ALPHABET.length]
    }
    fields[name] = text
  }
  return fields
}

/**
 * The counter a target read, checked: a session that was not found, or lost its counter,
 * would make a cycle cheaper than the real one, so it fails the run instead.
 */
export function counterOf(value: unknown, target: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`${target}: the session read has no ${COUNTER_FIELD} (session lost?)`)
  }
  return value
}

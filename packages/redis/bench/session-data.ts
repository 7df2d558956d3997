/** Fields of the benchmark session. */
export const FIELD_COUNT = 32

/**
 * The data of a session of about `bytes` bytes (as JSON): `FIELD_COUNT` fields of similar
 * size plus a small `counter` field, the one each cycle changes.
 */
export function sessionData(bytes: number): Record<string, unknown> {
  const data: Record<string, unknown> = { counter: 0 }
  const text = 'x'.repeat(Math.max(0, Math.floor(bytes / FIELD_COUNT) - 40))
  for (let i = 0; i < FIELD_COUNT; i++) data[`field${i}`] = { id: i, text }
  return data
}

import type { FieldWrite, SessionPatch } from '@sessionkit/core/driver'

/**
 * Append `patch` to a script command, as the scripts read it (see `scripts/lua-prelude.ts`):
 * the number of names to remove and the names; the number of plain writes, then name and value
 * of each (`extra`, the driver's own fields as name / value pairs, first); the number of writes
 * with a field TTL, then name, value and TTL in seconds of each.
 */
export function pushPatch(args: string[], patch: SessionPatch, extra: readonly string[]): void {
  args.push(String(patch.unset.length))
  for (const name of patch.unset) args.push(name)
  pushWrites(args, patch.set, extra)
}

/** Append the fields of a new record: a patch that removes nothing. */
export function pushFields(
  args: string[],
  fields: Readonly<Record<string, FieldWrite>>,
  extra: readonly string[],
): void {
  args.push('0')
  pushWrites(args, fields, extra)
}

function pushWrites(
  args: string[],
  set: Readonly<Record<string, FieldWrite>>,
  extra: readonly string[],
): void {
  const countAt = args.length
  args.push('')
  for (const value of extra) args.push(value)
  let plain = extra.length / 2
  let timed = 0
  for (const name in set) {
    const write = set[name] as FieldWrite
    if (write.ttl === undefined) {
      args.push(name, write.value)
      plain++
    } else timed++
  }
  args[countAt] = String(plain)
  args.push(String(timed))
  if (timed === 0) return
  for (const name in set) {
    const write = set[name] as FieldWrite
    if (write.ttl !== undefined) args.push(name, write.value, String(write.ttl))
  }
}

import type { FieldWrite, SessionPatch } from '@sessionkit/core/driver'

/**
 * A patch as script arguments: the number of names to remove and the names, then the number
 * of fields to write and, for each, name, value and field TTL in seconds ('' for none).
 */
export function patchArgs(patch: SessionPatch): string[] {
  return [String(patch.unset.length), ...patch.unset, ...writeArgs(patch.set)]
}

/** The fields of a new record as script arguments (a patch that removes nothing). */
export function fieldsArgs(fields: Readonly<Record<string, FieldWrite>>): string[] {
  return ['0', ...writeArgs(fields)]
}

function writeArgs(set: Readonly<Record<string, FieldWrite>>): string[] {
  const entries = Object.entries(set)
  const args = [String(entries.length)]
  for (const [name, write] of entries) {
    args.push(name, write.value, write.ttl === undefined ? '' : String(write.ttl))
  }
  return args
}

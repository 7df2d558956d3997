import type { z } from 'zod'
import { acceptsType, shapeAt } from './schema-shape.js'

/**
 * The options in a store URL's query (`?ttl=60&failover=true`), each value converted to what
 * `schema` expects under that name: a number for a number option, `true` / `false` for a
 * boolean one. Anything else (strings, names the schema does not know, values that do not
 * convert) stays as written, for the schema to accept or refuse with a clear message. A name
 * given twice keeps its last value.
 */
export function queryOptions(
  schema: z.ZodType,
  query: URLSearchParams,
): Record<string, string | number | boolean> {
  const shape = shapeAt(schema) ?? {}
  const options: Record<string, string | number | boolean> = {}
  for (const [name, raw] of query) {
    const field = Object.hasOwn(shape, name) ? shape[name] : undefined
    options[name] = field ? convert(field, raw) : raw
  }
  return options
}

function convert(field: z.ZodType, raw: string): string | number | boolean {
  if (acceptsType(field, 'number') && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())) {
    return Number(raw)
  }
  if (acceptsType(field, 'boolean') && (raw === 'true' || raw === 'false')) return raw === 'true'
  return raw
}

import type { z } from 'zod'

// Reading a zod schema's structure (zod's definition objects) for messages and URL values.

interface SchemaDefinition {
  readonly type: string
  readonly shape?: Record<string, z.ZodType>
  readonly innerType?: z.ZodType
  readonly in?: z.ZodType
  readonly options?: readonly z.ZodType[]
}

const definitionOf = (schema: z.ZodType) => schema._zod.def as SchemaDefinition

/** The object shape `schema` has at `path`, looking through optional, default and pipe wrappers. */
export function shapeAt(
  schema: z.ZodType,
  path: readonly string[] = [],
): Record<string, z.ZodType> | undefined {
  const def = definitionOf(schema)
  if (def.type === 'object' && def.shape) {
    if (path.length === 0) return def.shape
    const [head = '', ...rest] = path
    const field = Object.hasOwn(def.shape, head) ? def.shape[head] : undefined
    return field ? shapeAt(field, rest) : undefined
  }
  const inner = def.innerType ?? def.in
  return inner ? shapeAt(inner, path) : undefined
}

/** Whether `schema` takes values of zod type `type`, looking through wrappers and unions. */
export function acceptsType(schema: z.ZodType, type: 'number' | 'boolean'): boolean {
  const def = definitionOf(schema)
  if (def.type === type) return true
  if (def.type === 'union') return (def.options ?? []).some((option) => acceptsType(option, type))
  const inner = def.innerType ?? def.in
  return inner ? acceptsType(inner, type) : false
}

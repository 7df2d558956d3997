import type { z } from 'zod'
import { redact } from '../config/store-url.js'
import { SessionConfigError } from '../errors.js'
import { closestName } from './closest-name.js'
import { shapeAt } from './schema-shape.js'

/**
 * `options` checked against a backend's options schema: the parsed options, or one
 * `SessionConfigError` whose `issues` list every problem, one line each, led by the option's
 * path (`servers.1: ...`). Unknown names are refused with the closest known one as a hint
 * (`failOver: unknown option (did you mean failover?)`). No line quotes a password or a
 * URL's credentials.
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown): z.output<S> {
  const parsed = schema.safeParse(options)
  if (parsed.success) return parsed.data
  const secrets = secretsIn(options)
  const lines = parsed.error.issues.flatMap((issue) => issueLines(schema, issue))
  throw new SessionConfigError(lines.map((line) => scrub(line, secrets)))
}

/** Reports one problem found by an options rule: the option's path (`''`: none) and what is wrong. */
export type ReportOptionIssue = (path: string, message: string) => void

/**
 * `schema` with `rules`: the checks that involve several options (`url` or `client`, not both).
 * They run even when single options are invalid, so that one error lists every problem, and
 * therefore get the options as given: check a value's type before using it.
 */
export function withOptionRules<S extends z.ZodObject>(
  schema: S,
  rules: (options: Readonly<Record<string, unknown>>, report: ReportOptionIssue) => void,
): S {
  return schema.superRefine(
    (options, context) => {
      if (typeof options !== 'object' || options === null) return
      rules(options as Record<string, unknown>, (path, message) => {
        context.addIssue({ code: 'custom', message, path: path === '' ? [] : path.split('.') })
      })
    },
    { when: () => true },
  )
}

function issueLines(schema: z.ZodType, issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String)
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(shapeAt(schema, path) ?? {})
    return issue.keys.map((key) => {
      const hint = closestName(key, known)
      return line([...path, key], `unknown option${hint ? ` (did you mean ${hint}?)` : ''}`)
    })
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return [line(path, 'must be an object of options')]
  }
  return [line(path, issue.message)]
}

function line(path: readonly string[], message: string): string {
  const text = message.replace(/\s*\n\s*/g, ' ')
  return path.length === 0 ? text : `${path.join('.')}: ${text}`
}

/** Values in `options` that must never appear in a message: passwords and URL credentials. */
function secretsIn(options: unknown): string[] {
  if (typeof options !== 'object' || options === null) return []
  const secrets: string[] = []
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'string' || value === '') continue
    if (/pass|secret|token|credential/i.test(name)) secrets.push(value)
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^@/?#]*)@/i.exec(value)?.[1]
    const password = userinfo?.slice(userinfo.indexOf(':') + 1)
    if (userinfo?.includes(':') && password) secrets.push(password, safeDecode(password))
  }
  return secrets.filter((secret) => secret !== '')
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = redact(text)
  for (const secret of secrets) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    result = result.replace(new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g'), '***')
  }
  return result
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

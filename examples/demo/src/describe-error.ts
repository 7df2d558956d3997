/** Causes followed at most, so a cycle of causes cannot loop. */
const MAX_CAUSES = 3

/**
 * One line on an error for logs and start-up messages: its name, code and message, then each
 * cause that adds something new. sessionkit's errors carry no secret and no session id, and
 * the demo adds none.
 */
export function describeError(error: unknown): string {
  let line = headline(error)
  let cause = error instanceof Error ? error.cause : undefined
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth++) {
    const message = cause instanceof Error ? cause.message : String(cause)
    if (!line.includes(message)) line += ` (cause: ${headline(cause)})`
    cause = cause instanceof Error ? cause.cause : undefined
  }
  return line
}

function headline(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const code = (error as { code?: unknown }).code
  return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`
}

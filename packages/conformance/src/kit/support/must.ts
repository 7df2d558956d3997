import assert from 'node:assert/strict'

/**
 * `operation`'s value; when it rejects, an assertion failure saying which operation failed and
 * how, so that a backend that throws where it must not fails the case like any other broken
 * promise (and the failure names the step).
 */
export async function must<T>(what: string, operation: Promise<T> | T): Promise<T> {
  try {
    return await operation
  } catch (error) {
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    assert.fail(`${what} must not fail, it threw ${name}`)
  }
}

import assert from 'node:assert/strict'
import type { SessionErrorCode } from '@sessionkit/core'

/** The fields of a sessionkit error the cases look at (by `code`, so no `instanceof`). */
export interface SessionErrorShape {
  readonly code: SessionErrorCode
  readonly message: string
  readonly key?: string | undefined
  readonly limit?: number | undefined
}

/** Assert that `error` is a sessionkit error with `code`, and return it. */
export function assertSessionError(
  error: unknown,
  code: SessionErrorCode,
  what: string,
): SessionErrorShape {
  assert.ok(error instanceof Error, `${what}: expected an Error with code ${code}, got ${error}`)
  const actual = (error as Partial<SessionErrorShape>).code
  assert.equal(actual, code, `${what}: expected code ${code}, got ${error.name}: ${error.message}`)
  return error as unknown as SessionErrorShape
}

/** Assert that `action` throws synchronously a sessionkit error with `code`, and return it. */
export function assertThrowsSessionError(
  action: () => unknown,
  code: SessionErrorCode,
  what: string,
): SessionErrorShape {
  try {
    action()
  } catch (error) {
    return assertSessionError(error, code, what)
  }
  assert.fail(`${what}: expected a ${code} error, but nothing was thrown`)
}

/** Assert that `promise` rejects with a sessionkit error with `code`, and return it. */
export async function assertRejectsSessionError(
  promise: Promise<unknown>,
  code: SessionErrorCode,
  what: string,
): Promise<SessionErrorShape> {
  try {
    await promise
  } catch (error) {
    return assertSessionError(error, code, what)
  }
  assert.fail(`${what}: expected a ${code} rejection, but it resolved`)
}

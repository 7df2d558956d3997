import { describeError } from './describe-error.js'
import { BodyTooLargeError } from './node-bridge.js'
import { type ErrorPageModel, errorPage } from './pages/error.js'
import { htmlResponse } from './routes/route.js'

/** Seconds a visitor is asked to wait after a store failure (`Retry-After`). */
const RETRY_AFTER_SECONDS = 5

/** The friendly page for a request that failed with `error`: 503 when the store failed. */
export function failureResponse(error: unknown): Response {
  if (isStoreFailure(error)) {
    return page(
      503,
      {
        title: 'Session store unavailable',
        message:
          'The server that keeps sessions is not answering right now, so this request was not carried out.',
        advice: 'Nothing you did caused this. Try again in a few seconds.',
      },
      { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    )
  }
  if (error instanceof BodyTooLargeError) {
    return page(
      413,
      {
        title: 'Request too large',
        message: 'The form sent was larger than this demo accepts.',
        advice: 'Go back and send a shorter one.',
      },
      { Connection: 'close' },
    )
  }
  return page(500, {
    title: 'Something went wrong',
    message: 'The demo could not serve this request.',
    advice: 'The error was logged on the server. Try again, or go back to the start.',
  })
}

/** The page for a path or method the demo does not serve. */
export function notFoundResponse(): Response {
  return page(404, {
    title: 'Page not found',
    message: 'The demo has no page at this address.',
    advice: 'Everything it shows is on its start page.',
  })
}

/**
 * The server log line for a failed request: method, path and the error (name, code, message,
 * causes). No cookie, no session id, no secret: none of them is in sessionkit's errors.
 */
export function failureLogLine(method: string, path: string, error: unknown): string {
  const what = isStoreFailure(error) ? 'session store failure' : 'request failed'
  return `[demo] ${method} ${path}: ${what}: ${describeError(error)}`
}

function isStoreFailure(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SESSION_STORAGE_UNAVAILABLE'
}

function page(status: number, model: ErrorPageModel, headers: Record<string, string> = {}) {
  return htmlResponse(errorPage(model), status, headers)
}

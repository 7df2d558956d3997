import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import {
  createCookie,
  createSessionStorageFromConfig,
  type SessionStorage,
  withSession,
} from '@sessionkit/core'
import { failureLogLine, failureResponse, notFoundResponse } from './failure.js'
import { sendFetchResponse, toFetchRequest } from './node-bridge.js'
import { findRoute } from './routes/index.js'
import type { DemoContext } from './routes/route.js'
import { checkStore } from './store-check.js'
import { describeStore } from './store-label.js'

/** Name of the demo's session cookie. */
export const COOKIE_NAME = 'demo_session'

/** Options of `createDemoServer`. */
export interface DemoOptions {
  /** A store URL, e.g. memory://, redis://localhost:6379, memcache://localhost:11211. */
  readonly store: string
  /** Cookie signing secrets, newest first. */
  readonly secrets: readonly string[]
  /** Where failed requests are logged (default: stderr). */
  readonly log?: ((line: string) => void) | undefined
}

/** The demo's HTTP server and the storage it uses (close both when done). */
export interface Demo {
  readonly server: Server
  readonly storage: SessionStorage
  /** The store URL without credentials or query. */
  readonly storeLabel: string
  close(): Promise<void>
}

/**
 * Build the demo app. The store is checked first: a store that does not answer rejects with
 * `StoreUnreachableError` (an invalid URL with `SessionConfigError`), and nothing is left open.
 */
export async function createDemoServer(options: DemoOptions): Promise<Demo> {
  const storage = await createSessionStorageFromConfig(options.store)
  const storeLabel = describeStore(options.store)
  try {
    await checkStore(storage, storeLabel)
  } catch (error) {
    await storage.close()
    throw error
  }
  const log = options.log ?? ((line: string) => console.error(line))
  const context: DemoContext = { storage, storeLabel }
  const cookie = createCookie(COOKIE_NAME, { secrets: options.secrets })
  // withSession saves the session before the response exists, so a store failure at read or
  // at save reaches the catch below and gets the error page, never half a response.
  const app = withSession(
    (request, session) => (findRoute(request) ?? notFoundResponse)(request, session, context),
    // A store failure rejects (instead of withSession's default 503), for the catch below.
    { storage, cookie, onError: (error) => Promise.reject(error) },
  )

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    let response: Response
    try {
      response = await app(await toFetchRequest(req))
    } catch (error) {
      response = failureResponse(error)
      // Server-side failures only: a client's oversized form is its own business.
      if (response.status >= 500) log(failureLogLine(req.method ?? 'GET', pathOf(req), error))
    }
    await sendFetchResponse(response, res)
  }
  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      log(failureLogLine(req.method ?? 'GET', pathOf(req), error))
      res.destroy()
    })
  })

  return {
    server,
    storage,
    storeLabel,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await storage.close()
    },
  }
}

/** The request's path without its query. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/'
}

import type { AnySession, Session, SessionMiddlewareOptions } from '@sessionkit/core'
import { createSessionCycle, nodeRequestFacts, type OpenedSession } from '@sessionkit/core/adapter'
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The request's sessionkit session (set by `sessionkitPlugin`). Type it per app with
     * `request.session as Session<Data, Flash>`, or by augmenting `FastifySessionTypes`.
     */
    session: FastifySession
  }
}

/**
 * Declare `session` here to type `request.session` app-wide:
 * `declare module '@sessionkit/fastify' { interface FastifySessionTypes { session: Session<Data> } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface FastifySessionTypes {}

/** The type of `request.session`: `FastifySessionTypes['session']` when declared. */
export type FastifySession = FastifySessionTypes extends { session: infer S extends AnySession }
  ? S
  : Session

/** Options of `sessionkitPlugin`: those of sessionkit's middleware. */
export type FastifySessionOptions = SessionMiddlewareOptions

/**
 * Fastify (5) plugin: `request.session` is the request's sessionkit session, read in an
 * `onRequest` hook and saved in an `onSend` hook, which adds the `Set-Cookie` it needs before
 * the reply goes out. A failed read or save goes to Fastify's error handler (for a failed save,
 * in place of the reply that was about to be sent). Register it on the app itself (it applies
 * to every route): `app.register(sessionkitPlugin, { storage, cookie })`.
 */
export const sessionkitPlugin: FastifyPluginAsync<FastifySessionOptions> = async (
  fastify,
  options,
) => {
  const cycle = createSessionCycle(options)
  const opened = new WeakMap<FastifyRequest, OpenedSession>()
  fastify.decorateRequest('session', undefined as unknown as FastifySession)

  fastify.addHook('onRequest', async (request) => {
    const open = await cycle.open(nodeRequestFacts(request.raw, options.trustProxy))
    opened.set(request, open)
    request.session = open.session as unknown as FastifySession
  })

  fastify.addHook('onSend', async (request, reply, payload) => {
    const open = opened.get(request)
    // Closed once: the error handler's own reply comes through this hook too.
    if (open === undefined) return payload
    opened.delete(request)
    let setCookie: string | null
    try {
      setCookie = await cycle.close(open)
    } catch (error) {
      // The error handler's reply must not carry the headers of the one it replaces.
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name)
      throw error
    }
    // Fastify appends a set-cookie header to those already set.
    if (setCookie !== null) reply.header('set-cookie', setCookie)
    return payload
  })
}

// Like fastify-plugin: the hooks and decorator apply to the registering app, not a child scope.
Object.assign(sessionkitPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@sessionkit/fastify',
})

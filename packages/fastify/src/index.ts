// @sessionkit/fastify: sessionkit's plugin for Fastify.
export {
  type FastifySession,
  type FastifySessionOptions,
  type FastifySessionTypes,
  sessionkitPlugin,
} from './session-plugin.js'

import { SessionConfigError } from '@sessionkit/core'
import type { ClientLibrary } from './client-types.js'

/** The standalone client class of ioredis / iovalkey. */
export type IoredisClass = new (options: object) => unknown

/** node-redis's `createClient`. */
export type CreateNodeRedisClient = (options: object) => unknown

/** The part of a client package this package uses. */
export type ClientModule =
  | { readonly library: 'ioredis' | 'iovalkey'; readonly Redis: IoredisClass }
  | {
      readonly library: 'redis'
      readonly createClient: CreateNodeRedisClient
      /** node-redis's `createSentinel` (node-redis 5+). */
      readonly createSentinel?: CreateNodeRedisClient
    }

/** Imports a module by specifier (replaceable so that a missing package can be tested). */
export type ModuleImporter = (specifier: string) => Promise<unknown>

const importModule: ModuleImporter = (specifier) => import(specifier)

/**
 * Load a client package, which is an optional peer dependency. A package that is missing (or
 * fails to load) gives a `SessionConfigError` saying what to install, or which other client
 * to pick.
 */
export async function loadClientModule(
  library: ClientLibrary,
  importer: ModuleImporter = importModule,
): Promise<ClientModule> {
  let loaded: unknown
  try {
    loaded = await importer(library)
  } catch (error) {
    throw new SessionConfigError(
      [
        `library '${library}' could not be loaded: install it with \`npm install ${library}\`, ` +
          'or choose another installed client with the library option (redis, ioredis, iovalkey)',
      ],
      { cause: error },
    )
  }
  const module = loaded as Record<string, unknown> | null
  const from = (name: string): unknown =>
    module?.[name] ?? (module?.default as Record<string, unknown> | undefined)?.[name]
  if (library === 'redis') {
    const createClient = from('createClient')
    const createSentinel = from('createSentinel')
    if (typeof createClient === 'function') {
      return {
        library,
        createClient: createClient as CreateNodeRedisClient,
        ...(typeof createSentinel === 'function' && {
          createSentinel: createSentinel as CreateNodeRedisClient,
        }),
      }
    }
    throw new SessionConfigError([`The 'redis' package has no createClient function`])
  }
  const Redis = from('Redis')
  if (typeof Redis === 'function') return { library, Redis: Redis as IoredisClass }
  throw new SessionConfigError([`The '${library}' package has no Redis client class`])
}

import { SessionConfigError } from '@sessionkit/core'
import type { OwnedClient } from './client-types.js'
import type { ClientPackage } from './connection-url.js'

/** The part of an ioredis / iovalkey module this package uses. */
export interface ClientModule {
  /** The standalone client class. */
  readonly Redis: new (
    options: object,
  ) => OwnedClient
}

/** Imports a module by specifier (replaceable so that a missing package can be tested). */
export type ModuleImporter = (specifier: string) => Promise<unknown>

const importModule: ModuleImporter = (specifier) => import(specifier)

const SCHEMES: Record<ClientPackage, string> = {
  ioredis: 'redis:// and rediss://',
  iovalkey: 'valkey:// and valkeys://',
}

/**
 * Load a client package, which is an optional peer dependency. A package that is missing (or
 * fails to load) gives a `SessionConfigError` saying what to install.
 */
export async function loadClientModule(
  clientPackage: ClientPackage,
  importer: ModuleImporter = importModule,
): Promise<ClientModule> {
  let loaded: unknown
  try {
    loaded = await importer(clientPackage)
  } catch (error) {
    throw new SessionConfigError(
      [
        `${SCHEMES[clientPackage]} URLs need the '${clientPackage}' package, which could not be ` +
          `loaded: install it with \`npm install ${clientPackage}\``,
      ],
      { cause: error },
    )
  }
  const Redis = redisClassOf(loaded)
  if (!Redis) {
    throw new SessionConfigError([`The '${clientPackage}' package has no Redis client class`])
  }
  return { Redis }
}

function redisClassOf(loaded: unknown): ClientModule['Redis'] | undefined {
  const module = loaded as { Redis?: unknown; default?: { Redis?: unknown } } | null
  const Redis = module?.Redis ?? module?.default?.Redis
  return typeof Redis === 'function' ? (Redis as ClientModule['Redis']) : undefined
}

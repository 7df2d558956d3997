import { SessionConfigError } from '../errors.js'
import { closestName } from '../options/closest-name.js'
import type { SessionStorage } from '../storage/session-storage.js'
import { BACKENDS, type BackendPackage, type SessionBackendName } from './backend-registry.js'
import type { SessionBackend } from './session-backend.js'
import { parseStoreUrl } from './store-url.js'

/**
 * A store configuration in object form: the backend's name and its options, exactly as its
 * package's storage factory takes them (`{ backend: 'redis', url: 'redis://cache:6379', ttl: 3600 }`).
 */
export interface SessionStoreConfig {
  readonly backend: SessionBackendName
  readonly [option: string]: unknown
}

/**
 * A `SessionStorage` chosen by configuration: a store URL (`memory://?ttl=3600`,
 * `redis://host:6379/0?prefix=app:`, `valkeys://…`, `memcache://h1:11211,h2`) or an object
 * (`{ backend: 'redis', url, ttl }`). Core only picks the backend package, imports it now, and
 * hands it the URL or the options, which the package validates. Every problem (an unknown
 * backend, a package to install, each invalid option) comes back in one `SessionConfigError`.
 */
export async function createSessionStorageFromConfig(
  config: SessionStoreConfig | string,
  options: CreateFromConfigOptions = {},
): Promise<SessionStorage> {
  const storage = await storageOf(config)
  if (options.ready) {
    try {
      await storage.ready()
    } catch (error) {
      await storage.close().catch(() => {})
      throw error
    }
  }
  return storage
}

/** Options of `createSessionStorageFromConfig`. */
export interface CreateFromConfigOptions {
  /**
   * Wait until the store answered (`storage.ready()`) before resolving, so that a dead or
   * unreachable server fails at start-up with `SessionStorageUnavailableError` (within the
   * storage's timeout) rather than at the first request. Default false.
   */
  ready?: boolean | undefined
}

async function storageOf(config: SessionStoreConfig | string): Promise<SessionStorage> {
  if (typeof config === 'string') {
    const backend = await loadSessionBackend(backendPackageOf(config))
    return backend.create(backend.optionsFromUrl(config))
  }
  if (typeof config !== 'object' || config === null) {
    throw new SessionConfigError(['config must be a store URL or an object with a backend name'])
  }
  const { backend: name, ...options } = config
  const backend = await loadSessionBackend(backendPackageNamed(name))
  return backend.create(options)
}

function backendPackageOf(url: string): BackendPackage {
  const { scheme } = parseStoreUrl(url)
  const entry = Object.values(BACKENDS).find((backend) =>
    (backend.schemes as readonly string[]).includes(scheme),
  )
  if (entry) return entry
  const schemes = Object.values(BACKENDS).flatMap((backend) => backend.schemes)
  const hint = closestName(scheme, schemes)
  throw new SessionConfigError([
    `unknown store URL scheme "${scheme}:"${hint ? ` (did you mean ${hint}:?)` : ''}; expected one of ${schemes.join(', ')}`,
  ])
}

function backendPackageNamed(name: unknown): BackendPackage {
  if (typeof name === 'string' && Object.hasOwn(BACKENDS, name)) {
    return BACKENDS[name as SessionBackendName]
  }
  const names = Object.keys(BACKENDS)
  const hint = typeof name === 'string' ? closestName(name, names) : undefined
  throw new SessionConfigError([
    `backend: ${name === undefined ? 'required' : 'unknown backend'}${hint ? ` (did you mean ${hint}?)` : ''}; expected one of ${names.join(', ')}`,
  ])
}

/**
 * The `sessionBackend` a backend package exports. A package that is not installed, cannot be
 * loaded or exports no backend is a `SessionConfigError` saying what to install.
 */
export async function loadSessionBackend(entry: BackendPackage): Promise<SessionBackend> {
  let module: Record<string, unknown>
  try {
    module = await import(entry.packageName)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (!message.includes(entry.packageName)) throw error
    const code = (error as { code?: unknown }).code
    const problem =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? `package ${entry.packageName} is not installed`
        : `package ${entry.packageName} could not be loaded (${message})`
    throw new SessionConfigError([`${problem}: run \`${entry.install}\``], { cause: error })
  }
  const backend = module.sessionBackend as Partial<SessionBackend> | undefined
  if (typeof backend?.optionsFromUrl !== 'function' || typeof backend.create !== 'function') {
    throw new SessionConfigError([
      `package ${entry.packageName} exports no sessionBackend: run \`${entry.install}\` for a version that does`,
    ])
  }
  return backend as SessionBackend
}

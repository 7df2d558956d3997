import { SessionConfigError } from '../errors.js'
import type { SessionStorage } from '../storage/session-storage.js'
import { BACKENDS, type BackendEntry } from './backend-registry.js'
import type { SessionStoreConfigInput } from './config-schema.js'
import { parseStoreUrl } from './parse-store-url.js'

type StorageFactory = (options: Record<string, unknown>) => SessionStorage | Promise<SessionStorage>

/**
 * A `SessionStorage` chosen by configuration: an object (`{ backend: 'redis', url, ttl }`) or a
 * store URL (`memory://`, `redis://host:6379?ttl=3600`, `valkey://…`, `memcache://h1:11211,h2:11211`).
 * The backend package is imported only now. Invalid settings and a missing package are
 * reported together in one `SessionConfigError`.
 */
export async function createSessionStorageFromConfig(
  config: SessionStoreConfigInput | string,
): Promise<SessionStorage> {
  const input = typeof config === 'string' ? parseStoreUrl(config) : config
  // Imported now, not with core: zod takes longer to load than the rest of core together.
  const { sessionStoreConfigSchema } = await import('./config-schema.js')
  const parsed = sessionStoreConfigSchema.safeParse(input)
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)
  const backend = (input as { backend?: unknown }).backend
  const entry =
    typeof backend === 'string' && Object.hasOwn(BACKENDS, backend)
      ? BACKENDS[backend as keyof typeof BACKENDS]
      : undefined
  const loaded = entry ? await loadBackendFactory(entry) : undefined
  if (typeof loaded === 'string') issues.push(loaded)
  if (!parsed.success || typeof loaded !== 'function' || issues.length > 0)
    throw new SessionConfigError(issues)
  const { backend: _backend, ...options } = parsed.data
  return loaded(options)
}

/** The factory a backend package exports, or a sentence saying why it cannot be had. */
export async function loadBackendFactory(entry: BackendEntry): Promise<StorageFactory | string> {
  let module: Record<string, unknown>
  try {
    module = await import(entry.packageName)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (!message.includes(entry.packageName)) throw error
    const code = (error as { code?: unknown }).code
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
      ? `package ${entry.packageName} is not installed: run \`${entry.install}\``
      : `package ${entry.packageName} could not be loaded (${message}): run \`${entry.install}\``
  }
  const factory = module[entry.factory]
  return typeof factory === 'function'
    ? (factory as StorageFactory)
    : `package ${entry.packageName} does not export ${entry.factory}`
}

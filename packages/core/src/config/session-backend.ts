import type { z } from 'zod'
import { SessionConfigError } from '../errors.js'
import { queryOptions } from '../options/query-options.js'
import type { SessionStorage } from '../storage/session-storage.js'
import { parseStoreUrl, type StoreUrl } from './store-url.js'

/**
 * What a backend package exports as `sessionBackend` for core's config loader, which only picks
 * the package (by URL scheme or `backend` name) and hands it the URL or the options.
 */
export interface SessionBackend {
  /** The backend's one options schema: its own options and `sessionStorageOptionsShape`. */
  readonly optionsSchema: z.ZodType
  /**
   * The options a store URL of this backend stands for, not yet validated (query values
   * converted to the schema's numbers and booleans). Throws `SessionConfigError` for a URL
   * that cannot stand for any options.
   */
  optionsFromUrl(url: string): Record<string, unknown>
  /** A storage with `options`; throws one `SessionConfigError` listing every problem. */
  create(options: Record<string, unknown>): SessionStorage | Promise<SessionStorage>
}

/** How a backend package describes itself to `defineSessionBackend`. */
export interface SessionBackendDefinition<
  Schema extends z.ZodType,
  Storage extends SessionStorage,
> {
  /** The backend's one options schema. */
  readonly optionsSchema: Schema
  /**
   * The options a store URL's credentials, hosts and path stand for (its query is read for
   * you); throw `SessionConfigError` for parts the backend cannot use.
   */
  urlOptions(url: StoreUrl): Record<string, unknown>
  /** The backend's storage factory, which validates its options with `optionsSchema`. */
  create(options: z.input<Schema>): Storage | Promise<Storage>
}

/**
 * A backend package's `sessionBackend`: its schema, its factory, and URL reading in which the
 * query supplies the remaining options (`?ttl=60&prefix=app:`, values converted to the
 * schema's types). A query option that the rest of the URL already sets is refused.
 */
export function defineSessionBackend<Schema extends z.ZodType, Storage extends SessionStorage>(
  definition: SessionBackendDefinition<Schema, Storage>,
): SessionBackend {
  const { optionsSchema, urlOptions, create } = definition
  return {
    optionsSchema,
    optionsFromUrl(url) {
      const parsed = parseStoreUrl(url)
      const fromUrl = urlOptions(parsed)
      const fromQuery = queryOptions(optionsSchema, parsed.query)
      const twice = Object.keys(fromQuery).filter((name) => Object.hasOwn(fromUrl, name))
      if (twice.length > 0) {
        throw new SessionConfigError(
          twice.map((name) => `${name}: set by the URL itself, so it cannot be in its query too`),
        )
      }
      return { ...fromUrl, ...fromQuery }
    },
    create: (options) => create(options as z.input<Schema>),
  }
}

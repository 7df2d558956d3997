import { z } from 'zod'

const seconds = z.coerce.number().int().positive()
const milliseconds = z.coerce.number().int().positive()
const flag = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
])

const common = {
  ttl: seconds.optional(),
  prefix: z.string().min(1).max(128).optional(),
  maxSize: z.coerce.number().int().positive().optional(),
  timeout: milliseconds.optional(),
  refreshAfter: z.coerce.number().min(0).lt(1).optional(),
}

const memory = z.strictObject({
  backend: z.literal('memory'),
  ...common,
  max: z.coerce.number().int().positive().optional(),
  maxBytes: z.coerce.number().int().positive().optional(),
  checkPeriod: milliseconds.optional(),
})

const redisOptions = {
  ...common,
  connectTimeout: milliseconds.optional(),
  commandTimeout: milliseconds.optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  tls: flag.optional(),
}

const redis = z.strictObject({
  backend: z.literal('redis'),
  url: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'),
  ...redisOptions,
})

const valkey = z.strictObject({
  backend: z.literal('valkey'),
  url: z.string().regex(/^valkeys?:\/\//, 'must start with valkey:// or valkeys://'),
  ...redisOptions,
})

const memcache = z.strictObject({
  backend: z.literal('memcache'),
  servers: z.array(z.string().regex(/^[^\s,/]+:\d{1,5}$/, 'must be host:port')).min(1),
  ...common,
  failover: flag.optional(),
  retries: z.coerce.number().int().min(0).optional(),
  failoverRetryDelay: milliseconds.optional(),
  itemSizeLimit: z.coerce.number().int().positive().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
})

/** zod schema of a session store configuration. */
export const sessionStoreConfigSchema = z.discriminatedUnion('backend', [
  memory,
  redis,
  valkey,
  memcache,
])

/** A session store configuration, as given (URL query values may still be strings). */
export type SessionStoreConfigInput = z.input<typeof sessionStoreConfigSchema>

/** A validated session store configuration. */
export type SessionStoreConfig = z.output<typeof sessionStoreConfigSchema>

/** The backends a configuration can name. */
export type SessionBackendName = SessionStoreConfig['backend']

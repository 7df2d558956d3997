import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'

/** Credentials of the SASL test server: characters a URL must encode, and one a shell would expand. */
export const SASL_CREDENTIALS = { username: 'sessions', password: 'p@ss w:rd/$HOME' } as const

/** A memcached requiring `SASL_CREDENTIALS`, started for the calling test file. */
export interface SaslServerFixture {
  /** `host:port` of the server. */
  readonly url: string
}

/** Start one memcached requiring SASL before the file's tests; stop it after them. */
export function useSaslServer(): SaslServerFixture {
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await startMemcachedServer({ sasl: SASL_CREDENTIALS })
  })
  afterAll(async () => {
    await server?.stop()
  })
  return {
    get url() {
      if (!server) throw new Error('SASL fixture used before beforeAll ran')
      return server.url
    },
  }
}

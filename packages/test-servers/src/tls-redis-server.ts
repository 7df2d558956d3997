import { redisBinaries, redisImage } from './config.js'
import { containerServer } from './container-server.js'
import { reachableHost, startSpec, withPortRetries } from './container-spec.js'
import { pickFreePort } from './free-port.js'
import { redisServerOptions } from './redis-server.js'
import { ServingWaitStrategy } from './serving-wait-strategy.js'
import { createTestCertificates } from './tls-certificates.js'
import type { RedisFlavor, TlsTestServer } from './types.js'

/** Where the certificate files go inside the container. */
const TLS_DIR = '/sessionkit-tls'

/** Server options for TLS only on `port`: no plain port, client certificates not asked for. */
function tlsOnlyOptions(port: number): string[] {
  return [
    ...redisServerOptions(0),
    ...['--tls-port', String(port)],
    ...['--tls-cert-file', `${TLS_DIR}/server.crt`, '--tls-key-file', `${TLS_DIR}/server.key`],
    ...['--tls-ca-cert-file', `${TLS_DIR}/ca.crt`, '--tls-auth-clients', 'no'],
  ]
}

/**
 * Starts a throwaway Redis 8 / Valkey 9 / Valkey 8.1 server that only speaks TLS, with a
 * certificate for 127.0.0.1 and localhost signed by a fresh CA (made with the openssl CLI;
 * `server.tls.ca` is its PEM). Always a container: `SESSIONKIT_*_URL` servers are not used.
 * Stop it in `afterAll`.
 */
export async function startTlsRedisServer(flavor: RedisFlavor): Promise<TlsTestServer> {
  // The host the server is reached at (a remote engine's, in bridge mode) is in the certificate too.
  const hosts = [...new Set(['127.0.0.1', 'localhost', await reachableHost()])]
  const certificates = await createTestCertificates(hosts)
  return withPortRetries(async () => {
    const port = await pickFreePort()
    const { container, host } = await startSpec({
      image: redisImage(flavor),
      command: [redisBinaries(flavor).server, ...tlsOnlyOptions(port)],
      ports: [port],
      waitStrategy: (host) => new ServingWaitStrategy('rediss', host, port),
      files: [
        { target: `${TLS_DIR}/ca.crt`, content: certificates.ca },
        { target: `${TLS_DIR}/server.crt`, content: certificates.cert },
        { target: `${TLS_DIR}/server.key`, content: certificates.key },
      ],
    })
    return { ...containerServer('rediss', container, host, port), tls: { ca: certificates.ca } }
  })
}

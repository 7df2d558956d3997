import { memcachedImage } from './config.js'
import { BinaryOpcode, BinaryStatus, binaryRequest } from './memcached-binary.js'

/** SASL PLAIN credentials a test memcached accepts (and requires). */
export interface MemcachedSaslCredentials {
  readonly username: string
  readonly password: string
}

/** Options of `startMemcachedServer` / `startMemcachedPool`. */
export interface MemcachedServerOptions {
  /**
   * Require SASL PLAIN authentication with these credentials (memcached `-S`; the binary
   * protocol only). Always runs a container, even when `SESSIONKIT_MEMCACHED_SERVERS` is set.
   */
  readonly sasl?: MemcachedSaslCredentials | undefined
}

/** Exit code of the container start script when the image cannot run memcached with SASL. */
export const SASL_IMAGE_UNFIT_EXIT = 78

/**
 * Runs in the container as `sh -c SCRIPT sh USER PASSWORD MEMCACHED_ARGS...`: writes a SASL
 * config (`mech_list: plain`) and the credentials, then execs `memcached -S`. The password goes
 * into a sasldb made with saslpasswd2 (sasl2-bin, as in the local Debian image) and into a
 * `user:password` file for memcached built with `--enable-sasl-pwdb` (the official image, which
 * has no saslpasswd2). Without the PLAIN mechanism (libsasl2-modules) or either way to hold the
 * password, it exits with SASL_IMAGE_UNFIT_EXIT.
 */
const START_SCRIPT = `
user="$1"; password="$2"; shift 2
unfit() { echo "memcached SASL: $*" >&2; exit ${SASL_IMAGE_UNFIT_EXIT}; }
plain=
for file in /usr/lib/sasl2/libplain.so* /usr/lib/*/sasl2/libplain.so*; do
  [ -e "$file" ] && plain=$file
done
[ -n "$plain" ] || unfit "no SASL PLAIN mechanism (libplain.so, from libsasl2-modules)"
dir=$(mktemp -d) || exit 1
printf 'mech_list: plain\\nsasldb_path: %s/sasldb2\\n' "$dir" >"$dir/memcached.conf"
printf '%s:%s\\n' "$user" "$password" >"$dir/passwords"
export SASL_CONF_PATH="$dir" MEMCACHED_SASL_PWDB="$dir/passwords"
if command -v saslpasswd2 >/dev/null 2>&1; then
  printf '%s' "$password" | saslpasswd2 -p -c -a memcached -f "$dir/sasldb2" "$user" ||
    unfit "saslpasswd2 failed"
elif ! grep -q MEMCACHED_SASL_PWDB "$(command -v memcached)"; then
  unfit "no saslpasswd2 (sasl2-bin), and memcached is not built with --enable-sasl-pwdb"
fi
exec memcached -S "$@"
`

/** The container command running memcached with `memcachedArgs`, requiring `credentials`. */
export function saslCommand(
  credentials: MemcachedSaslCredentials,
  memcachedArgs: readonly string[],
): string[] {
  return [
    'sh',
    '-c',
    START_SCRIPT,
    'sh',
    credentials.username,
    credentials.password,
    ...memcachedArgs,
  ]
}

/** The image cannot run memcached with SASL PLAIN; starting it again will not help. */
export class SaslImageError extends Error {
  constructor(detail: string) {
    const image = memcachedImage()
    super(
      `Cannot start memcached with SASL from image ${image}: ${detail}. SASL needs an image with ` +
        'libsasl2-modules (the PLAIN mechanism) and sasl2-bin (saslpasswd2), or a memcached built ' +
        'with --enable-sasl-pwdb: set SESSIONKIT_IMAGE_MEMCACHED to one ' +
        '(scripts/provision-test-servers.sh builds sessionkit-local/memcached:1.6-sasl)',
    )
    this.name = 'SaslImageError'
  }
}

/**
 * Why a SASL container exited before serving, when its exit code says the image is unfit:
 * the start script's reason, read from the container's `logs`.
 */
export async function saslExitError(
  exitCode: number,
  logs: () => Promise<string>,
): Promise<SaslImageError | undefined> {
  if (exitCode !== SASL_IMAGE_UNFIT_EXIT) return undefined
  const reason = /memcached SASL: ([^\r\n]+)/.exec(await logs().catch(() => ''))?.[1]
  return new SaslImageError(reason ?? 'the image lacks what SASL needs')
}

/**
 * Logs in to the memcached at host:port with `credentials` (binary SASL PLAIN) and rejects with
 * `SaslImageError` unless it accepts them.
 */
export async function checkSaslLogin(
  host: string,
  port: number,
  { username, password }: MemcachedSaslCredentials,
): Promise<void> {
  const reply = await binaryRequest(
    host,
    port,
    BinaryOpcode.saslAuth,
    'PLAIN',
    `\u0000${username}\u0000${password}`,
  )
  if (reply.status === BinaryStatus.ok) return
  const detail =
    reply.status === BinaryStatus.unknownCommand
      ? 'its memcached has no SASL support'
      : `its memcached refused the credentials (status 0x${reply.status.toString(16)}` +
        `${reply.value.length > 0 ? `, "${reply.value.toString('utf8')}"` : ''})`
  throw new SaslImageError(detail)
}

import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A throwaway certificate authority and a server certificate it signed, as PEM text. */
export interface TestCertificates {
  /** The CA's certificate: what clients must trust. */
  readonly ca: string
  /** The server's certificate. */
  readonly cert: string
  /** The server's private key (unencrypted). */
  readonly key: string
}

const config = (hosts: readonly string[]) => `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = sessionkit test
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = ${hosts.map((host) => `${isIP(host) ? 'IP' : 'DNS'}:${host}`).join(', ')}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`

function openssl(dir: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd: dir, timeout: 30_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve()
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new Error(
            'TLS test servers need the openssl command-line tool to make a throwaway ' +
              'certificate authority, and no `openssl` was found on PATH; install it ' +
              '(Debian/Ubuntu: apt-get install openssl)',
          ),
        )
      }
      reject(new Error(`openssl ${args[0]} failed: ${stderr.trim() || error.message}`))
    })
  })
}

/**
 * Makes a throwaway CA and a server certificate for `hosts` (IP addresses or DNS names; the
 * first is the subject's CN) with the openssl CLI, valid for 2 days. Works in a temporary
 * directory that is removed before this resolves or rejects.
 */
export async function createTestCertificates(hosts: readonly string[]): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'sessionkit-tls-'))
  try {
    await writeFile(join(dir, 'openssl.cnf'), config(hosts))
    const common = ['-config', 'openssl.cnf', '-nodes', '-newkey', 'rsa:2048', '-sha256']
    await openssl(dir, [
      'req',
      ...['-x509', '-new', ...common, '-extensions', 'ca_ext', '-days', '2'],
      ...['-subj', '/CN=sessionkit throwaway test CA', '-keyout', 'ca.key', '-out', 'ca.crt'],
    ])
    await openssl(dir, [
      'req',
      ...['-new', ...common, '-subj', `/CN=${hosts[0] ?? 'localhost'}`],
      ...['-keyout', 'server.key', '-out', 'server.csr'],
    ])
    await openssl(dir, [
      'x509',
      ...['-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-sha256'],
      ...['-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2'],
      ...['-extfile', 'openssl.cnf', '-extensions', 'server_ext', '-out', 'server.crt'],
    ])
    const read = (name: string) => readFile(join(dir, name), 'utf8')
    return {
      ca: await read('ca.crt'),
      cert: await read('server.crt'),
      key: await read('server.key'),
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

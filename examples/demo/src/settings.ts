import { randomBytes } from 'node:crypto'

/** The store the demo uses when `SESSION_STORE` is not set. */
export const DEFAULT_STORE = 'memory://?ttl=3600'
/** The port the demo listens on when `PORT` is not set. */
export const DEFAULT_PORT = 3000
/** The address the demo listens on when `HOST` is not set: this machine only. */
export const DEFAULT_HOST = '127.0.0.1'
/** Shortest cookie secret accepted, in characters. */
export const MIN_SECRET_LENGTH = 32

/** The demo's settings, read from the environment (see README.md). */
export interface DemoSettings {
  /** `SESSION_STORE`: a store URL. */
  readonly store: string
  /** `SESSION_SECRETS`: cookie signing secrets, newest first. */
  readonly secrets: readonly string[]
  /** True when `SESSION_SECRETS` was not set and a random secret was made for this run. */
  readonly secretsGenerated: boolean
  /** `PORT`. */
  readonly port: number
  /** `HOST`. */
  readonly host: string
}

/** Settings that cannot be used; `issues` lists every problem, one line each, no secret in it. */
export class DemoSettingsError extends Error {
  readonly issues: readonly string[]

  constructor(issues: readonly string[]) {
    super(`Invalid demo settings:\n- ${issues.join('\n- ')}`)
    this.name = 'DemoSettingsError'
    this.issues = issues
  }
}

/** Read `SESSION_STORE`, `SESSION_SECRETS`, `PORT` and `HOST`; every problem in one error. */
export function readSettings(env: Readonly<Record<string, string | undefined>>): DemoSettings {
  const issues: string[] = []
  if (env.SESSION_SECRET !== undefined) {
    issues.push(
      'SESSION_SECRET is not read: set SESSION_SECRETS (comma-separated secrets, newest first) instead',
    )
  }
  const secrets = (env.SESSION_SECRETS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '')
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_SECRET_LENGTH) {
      issues.push(
        `SESSION_SECRETS: secret ${index + 1} has ${secret.length} characters, at least ${MIN_SECRET_LENGTH} are needed`,
      )
    }
  })
  const portText = env.PORT?.trim() || String(DEFAULT_PORT)
  const port = Number(portText)
  if (!(/^\d{1,5}$/.test(portText) && port <= 65_535)) {
    issues.push(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`)
  }
  const store = env.SESSION_STORE?.trim() || DEFAULT_STORE
  const host = env.HOST?.trim() || DEFAULT_HOST
  if (issues.length > 0) throw new DemoSettingsError(issues)
  const generated = secrets.length === 0
  return {
    store,
    secrets: generated ? [randomBytes(32).toString('base64url')] : secrets,
    secretsGenerated: generated,
    port,
    host,
  }
}

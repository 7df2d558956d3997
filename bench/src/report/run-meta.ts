import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import type { BenchOptions } from '../cli/options.js'
import type { ServerName } from '../targets/target.js'

/** Libraries whose versions a report names. */
const LIBRARIES = [
  'express-session',
  'connect-redis',
  'connect-memcached',
  'memorystore',
  '@remix-run/session',
  '@remix-run/session-storage-redis',
  '@remix-run/session-storage-memcache',
  'redis',
  'ioredis',
  'iovalkey',
  'memjs',
  '@valkey/valkey-glide',
]

/** What a reader needs to know about how and where the figures were made. */
export interface RunMeta {
  readonly date: string
  readonly mode: 'quick' | 'full' | 'filtered'
  readonly machine: string
  /** 1-minute load average when the run started and when it ended: other work on the machine. */
  readonly load: { readonly start: number; readonly end: number }
  readonly node: string
  readonly servers: Partial<Record<ServerName, string>>
  readonly libraries: Record<string, string>
  readonly settings: {
    readonly reps: number
    readonly durationMs: number
    readonly warmupMs: number
    readonly sessions: number
    readonly ttl: number
    readonly exposedGc: boolean
    /** Whether sessionkit's storage tracing channels had a subscriber (`--trace`). */
    readonly traced: boolean
  }
}

/** The description of this run. */
export function runMeta(
  options: BenchOptions,
  servers: Partial<Record<ServerName, string>>,
  filtered: boolean,
  loadAtStart: number,
): RunMeta {
  const cpu = cpus()
  return {
    date: new Date().toISOString(),
    mode: filtered ? 'filtered' : options.quick ? 'quick' : 'full',
    machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${Math.round(totalmem() / 1024 ** 3)} GiB`,
    load: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    node: process.version,
    servers,
    libraries: Object.fromEntries(LIBRARIES.map((name) => [name, installedVersion(name)])),
    settings: {
      reps: options.reps,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      sessions: options.sessions,
      ttl: options.ttl,
      exposedGc: typeof (globalThis as { gc?: unknown }).gc === 'function',
      traced: options.trace,
    },
  }
}

/** The installed version of `name`, looked up from this package's folder upwards. */
function installedVersion(name: string): string {
  for (const root of ['../../node_modules/', '../../../node_modules/']) {
    try {
      const file = new URL(`${root}${name}/package.json`, import.meta.url)
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
    } catch {}
  }
  return 'not installed'
}

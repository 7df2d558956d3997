import { parseArgs } from 'node:util'
import { CYCLES, type Cycle, type Family } from '../targets/target.js'

/** Everything a run is told by its command line. */
export interface BenchOptions {
  readonly quick: boolean
  /** Target names to run (all when absent). */
  readonly targets?: readonly string[] | undefined
  /** Families to run (all when absent). */
  readonly families?: readonly Family[] | undefined
  readonly cycles: readonly Cycle[]
  /** Session sizes, KiB. */
  readonly sizes: readonly number[]
  readonly concurrency: readonly number[]
  /** Timed repetitions of each measurement (the median is reported). */
  readonly reps: number
  /** Length of one timed repetition, ms. */
  readonly durationMs: number
  /** Warm-up of each cycle of each target at each size, ms. */
  readonly warmupMs: number
  /** Sessions each target holds (and the read and modify cycles spread over). */
  readonly sessions: number
  /** Session TTL, seconds. */
  readonly ttl: number
  /** Where results go (absent: the default for the mode). */
  readonly out?: string | undefined
  /** Run the counting pass (bytes per save, round trips per cycle). */
  readonly count: boolean
  /**
   * Add a traced twin of each selected sessionkit target (a subscriber on sessionkit's storage
   * tracing channels while it runs), to measure what observability costs.
   */
  readonly trace: boolean
  /**
   * Add a driver twin of each selected sessionkit target (its driver called directly, core
   * left out), to measure core's share of each cycle.
   */
  readonly breakdown: boolean
  /** Only list the targets. */
  readonly list: boolean
  readonly help: boolean
}

/** The full matrix. */
const FULL = {
  cycles: CYCLES,
  sizes: [1, 16, 64],
  concurrency: [1, 8, 32, 128],
  reps: 3,
  durationMs: 300,
  warmupMs: 300,
  sessions: 1000,
}

/** `--quick`: a smoke run under a minute, every target once. */
const QUICK = {
  cycles: ['modify'] as Cycle[],
  sizes: [1],
  concurrency: [1, 32],
  reps: 3,
  durationMs: 150,
  warmupMs: 100,
  sessions: 200,
}

const FAMILY_NAMES: readonly Family[] = ['memory', 'redis', 'valkey', 'memcache']

/** Usage text of `npm run bench`. */
export const USAGE = `npm run bench -- [options]

  --quick               smoke run (< 60 s): modify cycle, 1 KiB, x1 and x32, 200 sessions
  --targets a,b         only these targets (see --list)
  --family f,g          only these families: ${FAMILY_NAMES.join(', ')}
  --cycles c,d          ${CYCLES.join(', ')}  (default: all; quick: modify)
  --sizes 1,16,64       session sizes in KiB
  --concurrency 1,8,32,128
  --reps N              timed repetitions per measurement, median reported (default 3)
  --duration MS         length of one repetition (default 300; quick 150)
  --warmup MS           warm-up per cycle and target at each size (default 300; quick 100)
  --sessions N          sessions per target (default 1000; quick 200)
  --ttl S               session TTL in seconds (default 3600)
  --out DIR             results folder (default bench/results, quick: bench/results/quick)
  --no-count            skip the counting pass (bytes per save, round trips)
  --trace               add a traced twin of each sessionkit target (<name>+trace): a subscriber
                        on sessionkit's storage tracing channels while it runs
  --breakdown           add a driver twin of each sessionkit target (<name>~driver): its driver
                        called directly with what core asks of it, for core's share of a cycle
  --list                list the targets and exit
`

/** A command line the bench cannot run: the message says what is wrong. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Parse the bench's arguments; throws a `UsageError` naming what is wrong. */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  try {
    return parse(args)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

function parse(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowNegative: true,
    options: {
      quick: { type: 'boolean', default: false },
      targets: { type: 'string' },
      family: { type: 'string' },
      cycles: { type: 'string' },
      sizes: { type: 'string' },
      concurrency: { type: 'string' },
      reps: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      sessions: { type: 'string' },
      ttl: { type: 'string' },
      out: { type: 'string' },
      count: { type: 'boolean', default: true },
      trace: { type: 'boolean', default: false },
      breakdown: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const base = values.quick ? QUICK : FULL
  const concurrency = numbers('concurrency', values.concurrency) ?? base.concurrency
  const sessions = whole('sessions', values.sessions) ?? base.sessions
  if (Math.max(...concurrency) > sessions) {
    throw new UsageError(`--concurrency ${Math.max(...concurrency)} exceeds --sessions ${sessions}`)
  }
  return {
    quick: values.quick,
    targets: list(values.targets),
    families: oneOf('family', list(values.family), FAMILY_NAMES),
    cycles: oneOf('cycles', list(values.cycles), CYCLES) ?? base.cycles,
    sizes: numbers('sizes', values.sizes) ?? base.sizes,
    concurrency,
    reps: whole('reps', values.reps) ?? base.reps,
    durationMs: whole('duration', values.duration) ?? base.durationMs,
    warmupMs: whole('warmup', values.warmup) ?? base.warmupMs,
    sessions,
    ttl: whole('ttl', values.ttl) ?? 3600,
    out: values.out,
    count: values.count,
    trace: values.trace,
    breakdown: values.breakdown,
    list: values.list,
    help: values.help,
  }
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
  return items.length > 0 ? items : undefined
}

function oneOf<T extends string>(
  flag: string,
  items: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  const wrong = items?.filter((item) => !allowed.includes(item as T)) ?? []
  if (wrong.length > 0) {
    throw new UsageError(`--${flag}: unknown ${wrong.join(', ')} (expected ${allowed.join(', ')})`)
  }
  return items as T[] | undefined
}

function numbers(flag: string, value: string | undefined): number[] | undefined {
  return list(value)?.map((item) => whole(flag, item) as number)
}

function whole(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new UsageError(`--${flag} must be a whole number > 0, got ${value}`)
  }
  return number
}

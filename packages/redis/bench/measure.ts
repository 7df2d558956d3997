import type { Redis } from 'ioredis'

/** One step of a workload, run by worker `worker` for the `round`-th time. */
export type Step = (worker: number, round: number) => Promise<void>

/** Run `step` in `concurrency` loops for `durationMs`; completed steps per second. */
export async function throughput(
  step: Step,
  concurrency: number,
  durationMs: number,
): Promise<number> {
  const deadline = Date.now() + durationMs
  let done = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let round = 0; Date.now() < deadline; round++) {
        await step(worker, round)
        done++
      }
    }),
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return done / seconds
}

/** Bytes the server has received from all clients so far (`INFO stats`). */
export async function serverInputBytes(admin: Redis): Promise<number> {
  const stats = await admin.info('stats')
  const match = /total_net_input_bytes:(\d+)/.exec(stats)
  if (!match?.[1]) throw new Error('INFO stats has no total_net_input_bytes')
  return Number(match[1])
}

/**
 * Bytes the server received per call of `action`, averaged over `times` calls made one after
 * the other (the few bytes of the two INFO commands around them are subtracted).
 */
export async function bytesPerCall(
  admin: Redis,
  times: number,
  action: (i: number) => Promise<void>,
): Promise<number> {
  const first = await serverInputBytes(admin)
  const before = await serverInputBytes(admin)
  const infoCommand = before - first
  for (let i = 0; i < times; i++) await action(i)
  const after = await serverInputBytes(admin)
  return (after - before - infoCommand) / times
}

/** The middle value of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] ?? Number.NaN
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2
}

import { type MatrixContext, openTarget } from '../measure/open-target.js'
import type { Skipped, WireCount } from '../measure/results.js'
import { mean, median } from '../measure/stats.js'
import { openServerCpuMeter, type ServerCpuMeter, type ServerTime } from '../servers/server-cpu.js'
import type { Cycle, SessionTarget } from '../targets/target.js'
import { countsBetween, startCountingProxy, type TrafficCounts } from './counting-proxy.js'

/** Cycles counted per target, size and cycle. */
const SAMPLES = 100
/** The server's CPU time is read every this many counted cycles; the median window is reported. */
const SERVER_CPU_WINDOW = 20
/** Untimed cycles of each kind first (connections, script caches, lazy set-up). */
const WARM_CYCLES = 3

/**
 * The counting pass, after the throughput pass and apart from it: each networked target is
 * opened again through a counting proxy, and its cycles run one at a time (concurrency 1).
 * Reports the mean per cycle of bytes each way, round trips and connections opened, the
 * server's own CPU time, and for the modify cycle the bytes of the save alone (from the end of
 * the read on).
 */
export async function runCountPass(
  context: MatrixContext,
  skipped: readonly Skipped[],
): Promise<{ counts: WireCount[]; skipped: Skipped[] }> {
  const counts: WireCount[] = []
  const newlySkipped: Skipped[] = []
  const networked = context.targets.filter(
    (def) => def.server && !skipped.some((s) => s.target === def.name),
  )
  for (const def of networked) {
    for (const sizeKiB of context.options.sizes) {
      const serverName = def.server as NonNullable<typeof def.server>
      const server = context.servers.endpoint(serverName)
      const proxy = await startCountingProxy(server)
      const meter = await openServerCpuMeter(serverName, server)
      let target: SessionTarget | undefined
      try {
        target = await openTarget(def, context, sizeKiB, proxy.endpoint)
        for (const cycle of context.options.cycles) {
          counts.push(await countCycle(def.name, target, proxy.counts, meter, cycle, sizeKiB))
        }
      } catch (error) {
        if (!def.optional) throw error
        const reason = error instanceof Error ? error.message : String(error)
        newlySkipped.push({ target: def.name, reason })
        context.log(`${def.name}: skipped in the counting pass: ${reason}`)
        break
      } finally {
        await target?.close().catch(() => {})
        await Promise.all([proxy.close(), meter.close()])
      }
    }
    context.log(`counted ${def.name}`)
  }
  return { counts, skipped: newlySkipped }
}

async function countCycle(
  name: string,
  target: SessionTarget,
  now: () => TrafficCounts,
  meter: ServerCpuMeter,
  cycle: Cycle,
  sizeKiB: number,
): Promise<WireCount> {
  const refs: string[] = []
  for (let i = 0; i < SAMPLES + WARM_CYCLES; i++) refs.push(await target.create())
  const cycles: TrafficCounts[] = []
  const saves: number[] = []
  const run = async (i: number) => {
    const ref = refs[i] as string
    if (cycle === 'read') await target.read(ref)
    else if (cycle === 'modify') {
      let save = now()
      await target.modify(ref, () => {
        save = now()
      })
      saves.push(now().bytesToServer - save.bytesToServer)
    } else if (cycle === 'create') refs.push(await target.create())
    else await target.destroy(ref)
  }
  // Read at the start and end of each window: the median window leaves out a background task
  // of the server's (Redis's cron, memcached's LRU upkeep) that fell into one of them.
  const serverTimes: ServerTime[] = []
  for (let i = 0; i < SAMPLES + WARM_CYCLES; i++) {
    if (i >= WARM_CYCLES && (i - WARM_CYCLES) % SERVER_CPU_WINDOW === 0) {
      serverTimes.push(await meter.read())
    }
    const before = now()
    await run(i)
    if (i >= WARM_CYCLES) cycles.push(countsBetween(before, now()))
  }
  serverTimes.push(await meter.read())
  const commandMicros = serverTimes.map((time) => time.commandMicros)
  const destroyed = cycle === 'destroy' ? SAMPLES + WARM_CYCLES : 0
  for (const ref of refs.slice(destroyed)) await target.destroy(ref)
  return {
    target: name,
    sizeKiB,
    cycle,
    samples: cycles.length,
    roundTrips: mean(cycles.map((c) => c.turns)),
    bytesToServer: mean(cycles.map((c) => c.bytesToServer)),
    bytesToClient: mean(cycles.map((c) => c.bytesToClient)),
    connections: mean(cycles.map((c) => c.connections)),
    saveBytesToServer: cycle === 'modify' ? mean(saves.slice(WARM_CYCLES)) : undefined,
    serverCpuMicros: medianPerCycle(serverTimes.map((time) => time.cpuSeconds * 1e6)),
    serverCommandMicros: commandMicros.includes(undefined)
      ? undefined
      : medianPerCycle(commandMicros as number[]),
  }
}

/** From readings taken every `SERVER_CPU_WINDOW` cycles: the median window's increase, per cycle. */
function medianPerCycle(readings: readonly number[]): number {
  const windows = readings.slice(1).map((end, i) => end - (readings[i] as number))
  return median(windows) / SERVER_CPU_WINDOW
}

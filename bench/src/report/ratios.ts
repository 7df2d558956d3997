import type { CellKey, Measurement } from '../measure/results.js'
import type { TargetDefinition } from '../targets/target.js'

/** A sessionkit target's standing in one cell. */
export interface Standing {
  readonly rate: number
  /** The fastest comparable peer of its family in this cell, if one was measured. */
  readonly bestPeer?: { readonly target: string; readonly rate: number } | undefined
  /** Its floor (same client, raw commands), if measured. */
  readonly floor?: { readonly target: string; readonly rate: number } | undefined
}

/** Looks up medians by target and cell. */
export function rateLookup(measurements: readonly Measurement[]) {
  const find = measurementLookup(measurements)
  return (target: string, cell: CellKey): number | undefined => find(target, cell)?.median
}

/** The standing of `target` in `cell`, or undefined when it was not measured there. */
export function standingOf(
  target: TargetDefinition,
  cell: CellKey,
  targets: readonly TargetDefinition[],
  rate: (target: string, cell: CellKey) => number | undefined,
): Standing | undefined {
  const own = rate(target.name, cell)
  if (own === undefined) return undefined
  let bestPeer: Standing['bestPeer']
  for (const peer of targets) {
    if (peer.kind !== 'peer' || peer.family !== target.family || peer.notComparable) continue
    const peerRate = rate(peer.name, cell)
    if (peerRate !== undefined && (!bestPeer || peerRate > bestPeer.rate)) {
      bestPeer = { target: peer.name, rate: peerRate }
    }
  }
  const floorRate = target.floor === undefined ? undefined : rate(target.floor, cell)
  const floor =
    target.floor !== undefined && floorRate !== undefined
      ? { target: target.floor, rate: floorRate }
      : undefined
  return { rate: own, bestPeer, floor }
}

/**
 * The ratio of `target`'s rate to `reference`'s in each repetition of one cell, pairing the
 * repetitions by index (repetition i of every target ran in the same round-robin rotation, so
 * the pair saw the same machine); undefined when either was not measured.
 */
export function pairedRatios(
  target: Measurement | undefined,
  reference: Measurement | undefined,
): number[] | undefined {
  if (!target || !reference || target.rates.length !== reference.rates.length) return undefined
  return target.rates.map((rate, i) => rate / (reference.rates[i] as number))
}

/** Looks up measurements by target and cell. */
export function measurementLookup(measurements: readonly Measurement[]) {
  const byKey = new Map<string, Measurement>()
  const key = (target: string, cell: CellKey) =>
    `${target}|${cell.cycle}|${cell.sizeKiB}|${cell.concurrency}`
  for (const m of measurements) byKey.set(key(m.target, m), m)
  return (target: string, cell: CellKey): Measurement | undefined => byKey.get(key(target, cell))
}

import * as vega from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { Measurement } from '../measure/results.js'
import { FAMILIES } from '../targets/registry.js'
import type { Cycle, TargetDefinition } from '../targets/target.js'

/** A chart to write: its file name and vega-lite spec. */
export interface ChartSpec {
  readonly file: string
  readonly spec: TopLevelSpec
}

interface Point {
  family: string
  target: string
  kind: string
  concurrency: number
  sizeKiB: number
  rate: number
}

/**
 * Line charts of throughput, one pair per cycle: against concurrency (a row per family, a
 * panel per size) and against session size (a row per family, a panel per concurrency); each
 * family row has its own legend and y scale. A chart whose x axis would have a single value
 * is left out.
 */
export function chartSpecs(
  measurements: readonly Measurement[],
  targets: readonly TargetDefinition[],
  cycles: readonly Cycle[],
): ChartSpec[] {
  const byName = new Map(targets.map((t) => [t.name, t]))
  const specs: ChartSpec[] = []
  for (const cycle of cycles) {
    const points: Point[] = measurements.flatMap((m) => {
      const target = byName.get(m.target)
      if (!target || m.cycle !== cycle) return []
      const { family, label, kind } = target
      const { concurrency, sizeKiB, median: rate } = m
      return [{ family, target: label, kind, concurrency, sizeKiB, rate }]
    })
    const distinct = (key: 'concurrency' | 'sizeKiB') => new Set(points.map((p) => p[key])).size
    if (distinct('concurrency') > 1) {
      specs.push({
        file: `throughput-vs-concurrency-${cycle}.svg`,
        spec: lineChart(points, cycle, 'concurrency', 'sizeKiB'),
      })
    }
    if (distinct('sizeKiB') > 1) {
      specs.push({
        file: `throughput-vs-size-${cycle}.svg`,
        spec: lineChart(points, cycle, 'sizeKiB', 'concurrency'),
      })
    }
  }
  return specs
}

function lineChart(
  points: Point[],
  cycle: Cycle,
  x: 'concurrency' | 'sizeKiB',
  column: 'concurrency' | 'sizeKiB',
): TopLevelSpec {
  const names = { concurrency: 'concurrent requests', sizeKiB: 'session size (KiB)' }
  const families = FAMILIES.filter((family) => points.some((p) => p.family === family))
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${cycle} cycle: cycles/s against ${names[x]} (median)`,
      subtitle: 'thick: sessionkit; dashed: peers; dotted: raw-client floors',
    },
    data: { values: points },
    vconcat: families.map((family) => ({
      title: family,
      transform: [{ filter: { field: 'family', equal: family } }],
      facet: { column: { field: column, type: 'ordinal', title: names[column] } },
      spec: {
        width: 220,
        height: 150,
        mark: { type: 'line', point: true },
        encoding: {
          x: {
            field: x,
            type: 'quantitative',
            scale: { type: 'log', base: 2 },
            axis: { values: [...new Set(points.map((p) => p[x]))], title: names[x] },
          },
          y: { field: 'rate', type: 'quantitative', title: 'cycles/s' },
          color: {
            field: 'target',
            type: 'nominal',
            scale: { scheme: 'tableau10' },
            legend: { labelLimit: 400, title: null },
          },
          strokeDash: {
            field: 'kind',
            type: 'nominal',
            scale: {
              domain: ['sessionkit', 'peer', 'floor'],
              range: [
                [1, 0],
                [6, 3],
                [2, 2],
              ],
            },
            legend: null,
          },
          strokeWidth: { condition: { test: "datum.kind === 'sessionkit'", value: 3 }, value: 1.5 },
        },
      },
    })),
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
  }
}

/** Render a vega-lite spec to SVG, headless (no canvas: text widths are estimated). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

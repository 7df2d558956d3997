import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chartSpecs, renderSvg } from './charts.js'
import { type BenchResults, renderReport } from './report.js'

/**
 * Write a run's charts (SVG), raw measurements (`results.json`) and report (`results.md`) into
 * `dir`; the report's text.
 */
export async function writeResults(
  dir: string,
  results: Omit<BenchResults, 'charts'>,
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const charts: string[] = []
  for (const { file, spec } of chartSpecs(results.measurements, results.targets, results.cycles)) {
    await writeFile(join(dir, file), await renderSvg(spec))
    charts.push(file)
  }
  const complete: BenchResults = { ...results, charts }
  const report = renderReport(complete)
  const targets = results.targets.map(({ name, label, family, kind, server, floor }) => ({
    name,
    label,
    family,
    kind,
    server,
    floor,
  }))
  await writeFile(
    join(dir, 'results.json'),
    `${JSON.stringify({ ...complete, targets }, null, 2)}\n`,
  )
  await writeFile(join(dir, 'results.md'), report)
  return report
}

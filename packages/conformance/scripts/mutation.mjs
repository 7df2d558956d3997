// Mutation testing of the kit (StrykerJS, vitest runner): the kit is the test suite, the
// mutants are made in the reference drivers it is measured on: its own reference driver
// (stryker.config.mjs here) and the example backend examples/fs-backend (its
// stryker.config.mjs). The kit must kill at least THRESHOLD of them.
//
//   node scripts/mutation.mjs           both targets; writes MUTATION.md; fails below the
//                                       threshold or on a survivor mutation/survivors.json
//                                       does not explain
//   node scripts/mutation.mjs --quick   the reference driver only (CI); fails below the
//                                       threshold; writes nothing
//   node scripts/mutation.mjs --report-only   MUTATION.md from the last run's Stryker reports
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const THRESHOLD = 90
const here = join(dirname(fileURLToPath(import.meta.url)), '..')
const root = join(here, '../..')
const quick = process.argv.includes('--quick')
const reportOnly = process.argv.includes('--report-only')

const targets = [
  {
    name: 'reference driver',
    dir: here,
    report: 'reports/mutation/reference-driver.json',
  },
  {
    name: 'fs example backend',
    dir: join(root, 'examples/fs-backend'),
    report: 'reports/mutation/fs-backend.json',
  },
].slice(0, quick ? 1 : undefined)

const results = []
for (const target of targets) {
  const started = performance.now()
  if (!reportOnly) {
    const run = spawnSync('npx', ['stryker', 'run'], { cwd: target.dir, stdio: 'inherit' })
    if (run.status !== 0) {
      console.error(`mutation: stryker failed for the ${target.name} (exit ${run.status})`)
      process.exit(1)
    }
  }
  const seconds = reportOnly ? undefined : Math.round((performance.now() - started) / 1000)
  const report = JSON.parse(readFileSync(join(target.dir, target.report), 'utf8'))
  results.push({ ...target, seconds, mutants: mutantsOf(report, target.dir) })
}

const explanations = JSON.parse(readFileSync(join(here, 'mutation/survivors.json'), 'utf8'))
const explain = (mutant) => explanations.find((entry) => sameMutant(entry, mutant))

let failed = false
for (const result of results) {
  const counts = countsOf(result.mutants)
  result.counts = counts
  console.log(
    `mutation: ${result.name}: ${counts.detected} of ${counts.valid} mutants killed (${counts.score.toFixed(1)}%), ${counts.Survived} survived, ${counts.NoCoverage} not covered, ${counts.Ignored} ignored${result.seconds === undefined ? '' : `, in ${result.seconds} s`}`,
  )
}
const total = countsOf(results.flatMap((result) => result.mutants))
console.log(
  `mutation: in all ${total.detected} of ${total.valid} killed: ${total.score.toFixed(1)}% (threshold ${THRESHOLD}%)`,
)
if (total.score < THRESHOLD) {
  console.error(
    `mutation: the kit kills ${total.score.toFixed(1)}% of the mutants, under ${THRESHOLD}%`,
  )
  failed = true
}

if (!quick) {
  const unexplained = results
    .flatMap((result) => result.mutants)
    .filter((mutant) => isSurvivor(mutant) && !explain(mutant))
  for (const mutant of unexplained) {
    console.error(`mutation: unexplained survivor ${describe(mutant)}`)
  }
  if (unexplained.length > 0) failed = true
  writeFileSync(join(here, 'MUTATION.md'), reportOf(results, total))
  // Formatted as the repository formats Markdown (aligned tables).
  spawnSync('npx', ['biome', 'check', '--write', 'MUTATION.md'], { cwd: here, stdio: 'inherit' })
  console.log('mutation: wrote MUTATION.md')
}
process.exit(failed ? 1 : 0)

/** The mutants of a Stryker JSON report, with their file (from the repository root) and line. */
function mutantsOf(report, dir) {
  return Object.entries(report.files).flatMap(([file, { source, mutants }]) => {
    const lines = source.split('\n')
    return mutants.map((mutant) => ({
      file: relative(root, join(dir, file)),
      line: mutant.location.start.line,
      code: lines[mutant.location.start.line - 1].trim(),
      mutator: mutant.mutatorName,
      replacement: mutant.replacement,
      status: mutant.status,
      reason: mutant.statusReason,
    }))
  })
}

function countsOf(mutants) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, other: 0 }
  for (const { status } of mutants) {
    if (status in counts) counts[status]++
    else counts.other++
  }
  const detected = counts.Killed + counts.Timeout
  const valid = detected + counts.Survived + counts.NoCoverage
  return { ...counts, detected, valid, score: valid === 0 ? 100 : (100 * detected) / valid }
}

function isSurvivor(mutant) {
  return mutant.status === 'Survived' || mutant.status === 'NoCoverage'
}

function sameMutant(entry, mutant) {
  return (
    entry.file === mutant.file &&
    entry.code === mutant.code &&
    entry.mutator === mutant.mutator &&
    entry.replacement === mutant.replacement
  )
}

function describe(mutant) {
  return `${mutant.file}:${mutant.line} ${mutant.mutator}: \`${mutant.code}\` -> \`${mutant.replacement}\``
}

function reportOf(results, total) {
  const cell = (text) => String(text).replaceAll('|', '\\|')
  const out = [
    '# Mutation testing of the conformance kit',
    '',
    'Written by `npm run mutation -w @sessionkit/conformance` (`scripts/mutation.mjs`): StrykerJS',
    "with its vitest runner makes mutants of two correct backends and runs the kit's suites",
    '(`testSessionStorage` and `testSessionDriver`, every case, on a simulated clock) against',
    'each. A mutant the kit does not fail is a survivor; each one is explained below, from',
    '`mutation/survivors.json`, as equivalent (no backend could behave differently) or as',
    "outside what a test of the driver contract can observe. Code outside the contract's reach",
    'is excluded with `// Stryker disable` comments that give the reason; those mutants are',
    'listed at the end and do not count.',
    '',
    '| target | mutants | killed | timed out | survived | no coverage | score | time |',
    '| ------ | ------- | ------ | --------- | -------- | ----------- | ----- | ---- |',
    ...results.map(
      ({ name, counts, seconds }) =>
        `| ${name} | ${counts.valid} | ${counts.Killed} | ${counts.Timeout} | ${counts.Survived} | ${counts.NoCoverage} | ${counts.score.toFixed(1)}% | ${seconds === undefined ? '' : `${seconds} s`} |`,
    ),
    `| **all** | ${total.valid} | ${total.Killed} | ${total.Timeout} | ${total.Survived} | ${total.NoCoverage} | **${total.score.toFixed(1)}%** | |`,
    '',
    `The kit must kill at least ${THRESHOLD}% (timed-out mutants count as killed: the kit's own`,
    'timeouts caught them). CI runs `npm run mutation:quick` (the reference driver only) and',
    'asserts the threshold on it; this full run is not part of CI.',
    '',
    '## Survivors',
    '',
    '| where | mutation | verdict | why |',
    '| ----- | -------- | ------- | --- |',
  ]
  for (const mutant of results.flatMap((result) => result.mutants).filter(isSurvivor)) {
    const entry = explain(mutant)
    out.push(
      `| ${mutant.file}:${mutant.line} | ${cell(`${mutant.mutator}: \`${mutant.code}\` → \`${mutant.replacement}\``)} | ${entry?.verdict ?? '**unexplained**'} | ${cell(entry?.why ?? '')} |`,
    )
  }
  const ignored = results.flatMap((result) => result.mutants).filter((m) => m.status === 'Ignored')
  out.push(
    '',
    `## Excluded (${ignored.length} mutants)`,
    '',
    '| where | mutation | reason |',
    '| ----- | -------- | ------ |',
    ...ignored.map(
      (mutant) =>
        `| ${mutant.file}:${mutant.line} | ${cell(`${mutant.mutator}: \`${mutant.code}\``)} | ${cell(mutant.reason ?? '')} |`,
    ),
    '',
  )
  return out.join('\n')
}

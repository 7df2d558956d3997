// Turns the vitest JSON results of the peer suites into packages/conformance/docs/peer-report.md:
// for each peer, which cases fail and the kit's own words for why, with what the failures come
// down to (NOTES, written from those results).
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'

const [input, output] = process.argv.slice(2)
const results = JSON.parse(readFileSync(input, 'utf8'))

const PEERS = [
  ['connect-redis', 'connect-redis 10.0 (express-session store) on node-redis 5'],
  ['memorystore', 'memorystore 1.6 (express-session store, in process)'],
  ['connect-memcached', 'connect-memcached 3.0 (express-session store) on memcached 2.2'],
  ['remix redis', '@remix-run/session-storage-redis 0.1 on node-redis 5'],
  ['remix memcache', '@remix-run/session-storage-memcache 0.1'],
]

/** What the failures of each peer come down to. */
const NOTES = JSON.parse(readFileSync(new URL('./peer-notes.json', import.meta.url), 'utf8'))

const tests = results.testResults.flatMap((file) => file.assertionResults)
const suiteOf = (test) => test.ancestorTitles.find((title) => title.startsWith('sessionkit')) ?? ''

const lines = [
  '# What the kit catches in the peers',
  '',
  'Written by `npm run peer-report -w @sessionkit/example-peer-stores` (not part of CI: the',
  'peers fail cases by design). Each peer store is wrapped as a sessionkit driver that calls it',
  'the way its framework does (`examples/peer-stores/src`: express-session stores through',
  '`express-store-driver.ts`, Remix storages through `remix-storage-driver.ts`; their comments',
  'say how each driver call maps to the store), and run through both suites against real',
  'servers from `@sessionkit/test-servers` (Redis 8, memcached 1.6), one peer at a time. None',
  "has per-key TTLs, so each declares `fieldTtl: 'none'` and the key-TTL cases are skipped; none",
  'has a `move`, so those driver cases are skipped too.',
  '',
  '| peer | storage suite | driver suite |',
  '| ---- | ------------- | ------------ |',
]
const sections = []
for (const [name, label] of PEERS) {
  const of = (suite) => tests.filter((test) => suiteOf(test) === `sessionkit ${suite}: ${name}`)
  const summary = (suite) => {
    const all = of(suite)
    const count = (status) => all.filter((test) => test.status === status).length
    return `${count('failed')} failed, ${count('passed')} passed, ${count('skipped') + count('pending')} skipped`
  }
  lines.push(`| ${label} | ${summary('conformance')} | ${summary('driver conformance')} |`)
  sections.push('', `## ${label}`, '', NOTES[name] ?? '', '')
  for (const [suite, heading] of [
    ['conformance', 'Storage suite (through core)'],
    ['driver conformance', 'Driver suite'],
  ]) {
    const failed = of(suite).filter((test) => test.status === 'failed')
    sections.push(`${heading}: ${failed.length === 0 ? 'no failure.' : ''}`, '')
    for (const test of failed) {
      const why = (test.failureMessages[0] ?? '')
        .split('\n')[0]
        .replace(/^\w*Error( \[\w+\])?: /, '')
      sections.push(`- **${test.title}**: ${why.replaceAll('|', '\\|')}`)
    }
    sections.push('')
  }
}
writeFileSync(output, [...lines, ...sections].join('\n').replace(/\n{3,}/g, '\n\n'))
// Formatted as the repository formats Markdown (aligned tables).
spawnSync('npx', ['biome', 'check', '--write', output], { stdio: 'inherit' })
console.log(`peer report: wrote ${output}`)

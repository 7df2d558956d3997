// Restores lockfile entries for optional platform packages (biome, turbo binaries for other
// operating systems) that npm leaves out when its registry does not serve them, as on the
// mirrors of our build machines. Without them `npm ci` refuses the lockfile as out of sync.
// Run `npm run lock:complete` after any `npm install` that changed package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs'

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))
const restored = []

for (const [location, entry] of Object.entries(lock.packages)) {
  const parent = location === '' ? '' : `${location}/`
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const candidates = [`${parent}node_modules/${name}`, `node_modules/${name}`]
    if (candidates.some((candidate) => lock.packages[candidate])) continue
    lock.packages[`node_modules/${name}`] = { version, dev: entry.dev === true, optional: true }
    restored.push(`${name}@${version}`)
  }
}

writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(restored.length ? `restored ${restored.join(', ')}` : 'lockfile complete')

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

// The root README's quick start, run exactly as it stands: extracted, compiled (types only are
// stripped), written into a scratch folder of this workspace (where the packages resolve) and
// started; then requests check what it promises.
const repository = join(dirname(fileURLToPath(import.meta.url)), '../../..')
const readme = readFileSync(join(repository, 'README.md'), 'utf8')
const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## With your'))
const install = /```sh\n(npm install [^\n#]+)/.exec(quickStart)?.[1] ?? ''
const snippet = /```ts\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? ''
const scratch = mkdtempSync(join(repository, 'node_modules/.readme-quick-start-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

describe('README quick start', () => {
  it('names every package its code imports in its install line', () => {
    const imported = [...snippet.matchAll(/from '([^']+)'/g)]
      .map((match) => match[1] ?? '')
      .filter((name) => !name.startsWith('node:'))
    const installed = install.split(/\s+/).slice(2)
    expect(imported.length).toBeGreaterThan(0)
    for (const name of imported) expect(installed).toContain(name)
    // The default store URL is memory://: its backend package must be installed too.
    expect(snippet).toContain("'memory://")
    expect(installed).toContain('@sessionkit/memory')
  })

  it('runs as pasted: login, flash, remember-me, logout', async () => {
    const file = join(scratch, 'quick-start.mjs')
    const { outputText } = ts.transpileModule(snippet, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    writeFileSync(file, outputText)
    const port = await freePort()
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    try {
      const base = `http://127.0.0.1:${port}`
      const up = async (): Promise<Response> => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await fetch(`${base}/`)
          } catch (error) {
            if (attempt > 100 || child.exitCode !== null) throw error
            await new Promise((resolve) => setTimeout(resolve, 50))
          }
        }
      }
      expect(await (await up()).json()).toEqual({})
      const login = await fetch(`${base}/login`)
      const pair = login.headers.get('Set-Cookie')?.split(';')[0] ?? ''
      expect(pair).toMatch(/^sid=/)
      expect(await login.json()).toEqual({ user: 'ada' })
      const next = await fetch(`${base}/`, { headers: { Cookie: pair } })
      expect(await next.json()).toEqual({ user: 'ada', notice: 'Welcome back' })
      const after = await fetch(`${base}/`, { headers: { Cookie: pair } })
      expect(await after.json()).toEqual({ user: 'ada' }) // a flash is read once
      const remember = await fetch(`${base}/remember`, { headers: { Cookie: pair } })
      expect(remember.headers.get('Set-Cookie')).toMatch(/; Max-Age=2592000;/)
      const logout = await fetch(`${base}/logout`, { headers: { Cookie: pair } })
      expect(logout.headers.get('Set-Cookie')).toMatch(/^sid=; .*Max-Age=0/)
      expect(await (await fetch(`${base}/`, { headers: { Cookie: pair } })).json()).toEqual({})
    } finally {
      child.kill()
    }
  }, 30_000)
})

import { SessionConfigError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { loadClientModule } from './client-loader.js'

// Imports a path that does not exist, as the runtime does for a package that is not installed.
const missing = (specifier: string) =>
  import(/* @vite-ignore */ `/nonexistent/node_modules/${specifier}/index.js`)

describe('client package loading', () => {
  it('loads ioredis and iovalkey', async () => {
    expect(typeof (await loadClientModule('ioredis')).Redis).toBe('function')
    expect(typeof (await loadClientModule('iovalkey')).Redis).toBe('function')
  })

  it('says which package to install when it is missing', async () => {
    const error = await loadClientModule('iovalkey', missing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionConfigError)
    expect((error as SessionConfigError).issues).toEqual([
      "valkey:// and valkeys:// URLs need the 'iovalkey' package, which could not be loaded: " +
        'install it with `npm install iovalkey`',
    ])
    const redis = await loadClientModule('ioredis', missing).catch((e: unknown) => e)
    expect((redis as Error).message).toContain('npm install ioredis')
  })

  it('rejects a module without a client class', async () => {
    await expect(loadClientModule('ioredis', async () => ({}))).rejects.toThrow(
      "The 'ioredis' package has no Redis client class",
    )
  })
})

import { SessionConfigError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { loadClientModule } from './client-loader.js'

// Imports a path that does not exist, as the runtime does for a package that is not installed.
const missing = (specifier: string) =>
  import(/* @vite-ignore */ `/nonexistent/node_modules/${specifier}/index.js`)

describe('client package loading', () => {
  it('loads node-redis, ioredis and iovalkey', async () => {
    const redis = await loadClientModule('redis')
    expect(redis.library === 'redis' && typeof redis.createClient).toBe('function')
    for (const library of ['ioredis', 'iovalkey'] as const) {
      const module = await loadClientModule(library)
      expect(module.library !== 'redis' && typeof module.Redis).toBe('function')
    }
  })

  it('says which package to install when it is missing, and that another can be chosen', async () => {
    const error = await loadClientModule('iovalkey', missing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SessionConfigError)
    expect((error as SessionConfigError).issues).toEqual([
      "library 'iovalkey' could not be loaded: install it with `npm install iovalkey`, or " +
        'choose another installed client with the library option (redis, ioredis, iovalkey)',
    ])
    const redis = await loadClientModule('redis', missing).catch((e: unknown) => e)
    expect((redis as Error).message).toContain('npm install redis')
  })

  it('rejects a module without a client', async () => {
    await expect(loadClientModule('ioredis', async () => ({}))).rejects.toThrow(
      "The 'ioredis' package has no Redis client class",
    )
    await expect(loadClientModule('redis', async () => ({}))).rejects.toThrow(
      "The 'redis' package has no createClient function",
    )
  })
})

import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import type { SessionStorage } from '@sessionkit/core'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { createRedisDriver } from '../src/redis-driver.js'
import { createRedisSessionStorage } from '../src/redis-storage.js'
import { DEFAULT_CLIENT_TARGETS, type StandaloneTarget, targetUrl } from './redis-targets.js'

/** A URL where nothing listens: connections are refused at once. */
export const REFUSING_PORT = 1

/** Resolve `storage` once it is connected (capabilities known); close it if that fails. */
export async function connected(storage: SessionStorage): Promise<SessionStorage> {
  try {
    await storage.ready()
    return storage
  } catch (error) {
    await storage.close()
    throw error
  }
}

/**
 * Register the conformance suites (storage and driver) for one standalone server flavor, once
 * per client package in `targets`, in the calling test file: one throwaway server for the whole
 * file, stopped in afterAll.
 */
export function standaloneConformance(targets: readonly StandaloneTarget[]): void {
  const flavor = targets[0]?.flavor
  if (!flavor || targets.some((target) => target.flavor !== flavor)) {
    throw new Error('standaloneConformance takes targets of one server flavor')
  }
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer(flavor)
  })
  afterAll(async () => {
    await server?.stop()
  })
  for (const target of targets) {
    const { library, cache } = target
    const clientOptions = { library, ...(cache === false && { cache }) }
    const refusingUrl = `${target.scheme}://127.0.0.1:${REFUSING_PORT}`
    testSessionStorage({
      name: `redis: ${target.name}`,
      createStorage: (options) =>
        connected(
          createRedisSessionStorage({
            url: targetUrl(server, target),
            ...clientOptions,
            ...options,
          }),
        ),
      createUnreachableStorage: ({ timeout }) =>
        createRedisSessionStorage({ url: refusingUrl, library, timeout }),
      capabilities: { fieldTtl: target.fieldTtl, owners: 'list' },
    })
    // The owner index is the same code whatever the client: its 10,000-login case runs once
    // per server, on the scheme's default client with the cache on.
    const once = cache !== false && DEFAULT_CLIENT_TARGETS.some((t) => t.name === target.name)
    testSessionDriver({
      ...(once ? {} : { skipCases: { 'owners/bounded': 'run once per server (default client)' } }),
      name: `redis: ${target.name}`,
      createDriver: ({ prefix }) =>
        createRedisDriver({ url: targetUrl(server, target), ...clientOptions, prefix }),
      createUnreachableDriver: ({ timeout }) =>
        createRedisDriver({ url: refusingUrl, library, timeout }),
      capabilities: { fieldTtl: target.fieldTtl, owners: 'list' },
    })
  }
}

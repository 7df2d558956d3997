import { testSessionDriver, testSessionStorage } from '@sessionkit/conformance'
import type { SessionStorage } from '@sessionkit/core'
import { startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll } from 'vitest'
import { createRedisDriver } from '../src/redis-driver.js'
import { createRedisSessionStorage } from '../src/redis-storage.js'
import { type StandaloneTarget, targetUrl } from './redis-targets.js'

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
 * Register the conformance suites (storage and driver) for one standalone server flavor in
 * the calling test file: a throwaway server for the whole file, stopped in afterAll.
 */
export function standaloneConformance(target: StandaloneTarget): void {
  let server: TestServer
  beforeAll(async () => {
    server = await startRedisServer(target.flavor)
  })
  afterAll(async () => {
    await server?.stop()
  })
  testSessionStorage({
    name: `redis: ${target.name}`,
    createStorage: (options) =>
      connected(createRedisSessionStorage({ url: targetUrl(server, target), ...options })),
    createUnreachableStorage: ({ timeout }) =>
      createRedisSessionStorage({ url: `${target.scheme}://127.0.0.1:${REFUSING_PORT}`, timeout }),
    capabilities: { fieldTtl: target.fieldTtl },
  })
  testSessionDriver({
    name: `redis: ${target.name}`,
    createDriver: ({ prefix }) => createRedisDriver({ url: targetUrl(server, target), prefix }),
    createUnreachableDriver: ({ timeout }) =>
      createRedisDriver({ url: `${target.scheme}://127.0.0.1:${REFUSING_PORT}`, timeout }),
    capabilities: { fieldTtl: target.fieldTtl },
  })
}

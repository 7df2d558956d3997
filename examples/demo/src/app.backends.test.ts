import { startMemcachedServer, startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startDemo, walkThrough } from '../test-support/walk-through.js'
import type { Demo } from './app.js'

// The same app and the same walk-through as on memory: only SESSION_STORE's URL changes.
let redis: TestServer | undefined
let valkey: TestServer | undefined
let valkey8: TestServer | undefined
let memcached: TestServer | undefined
let demo: Demo | undefined

beforeAll(async () => {
  ;[redis, valkey, valkey8, memcached] = await Promise.all([
    startRedisServer('redis8'),
    startRedisServer('valkey9'),
    startRedisServer('valkey8'),
    startMemcachedServer(),
  ])
})

afterEach(async () => {
  await demo?.close()
  demo = undefined
})

afterAll(async () => {
  await Promise.all([redis?.stop(), valkey?.stop(), valkey8?.stop(), memcached?.stop()])
})

describe('the demo app, switched by store URL alone', () => {
  it('runs on Redis 8 (redis://, node-redis), field TTL native', async () => {
    const started = await startDemo(`redis://127.0.0.1:${redis?.port}`)
    demo = started.demo
    expect(demo.storage.capabilities.fieldTtl).toBe('native')
    await walkThrough(started.demo, started.browser)
  })

  it('runs on Valkey 9 (valkey://, iovalkey), field TTL native', async () => {
    const started = await startDemo(`valkey://127.0.0.1:${valkey?.port}`)
    demo = started.demo
    expect(demo.storage.capabilities.fieldTtl).toBe('native')
    await walkThrough(started.demo, started.browser)
  })

  it('runs on Valkey 8.1 (no HEXPIRE), field TTL emulated from the first page', async () => {
    const started = await startDemo(`valkey://127.0.0.1:${valkey8?.port}`)
    demo = started.demo
    expect(demo.storage.capabilities.fieldTtl).toBe('emulated')
    await walkThrough(started.demo, started.browser)
  })

  it('runs on memcached (memcache://, memjs), field TTL emulated', async () => {
    const started = await startDemo(`memcache://127.0.0.1:${memcached?.port}`)
    demo = started.demo
    expect(demo.storage.capabilities.fieldTtl).toBe('emulated')
    await walkThrough(started.demo, started.browser)
  })
})

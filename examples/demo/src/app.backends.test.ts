import { startMemcachedServer, startRedisServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest'
import { startDemo, walkThrough } from '../test-support/walk-through.js'
import type { Demo } from './app.js'

// The same app and the same walk-through as on memory: only SESSION_STORE's URL changes.
let redis: TestServer | undefined
let valkey: TestServer | undefined
let memcached: TestServer | undefined
let demo: Demo | undefined

beforeAll(async () => {
  ;[redis, valkey, memcached] = await Promise.all([
    startRedisServer('redis8'),
    startRedisServer('valkey9'),
    startMemcachedServer(),
  ])
})

afterEach(async () => {
  await demo?.close()
  demo = undefined
})

afterAll(async () => {
  await Promise.all([redis?.stop(), valkey?.stop(), memcached?.stop()])
})

describe('the demo app, switched by store URL alone', () => {
  it('runs on Redis 8 (redis://, ioredis)', async () => {
    const url = `redis://127.0.0.1:${redis?.port}`
    const started = await startDemo(url)
    demo = started.demo
    await walkThrough(started.browser, url)
  })

  it('runs on Valkey 9 (valkey://, iovalkey)', async () => {
    const url = `valkey://127.0.0.1:${valkey?.port}`
    const started = await startDemo(url)
    demo = started.demo
    await walkThrough(started.browser, url)
  })

  it('runs on memcached (memcache://, memjs)', async () => {
    const url = `memcache://127.0.0.1:${memcached?.port}`
    const started = await startDemo(url)
    demo = started.demo
    await walkThrough(started.browser, url)
  })
})

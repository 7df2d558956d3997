import { storageIdOf } from '@sessionkit/core/driver'
import { startMemcachedServer, type TestServer } from '@sessionkit/test-servers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saveNew, storageWithDriver, uniquePrefix } from '../test-support/fixtures.js'

let server: TestServer

beforeAll(async () => {
  server = await startMemcachedServer()
})

afterAll(async () => {
  await server?.stop()
})

describe('CAS conflicts', () => {
  it('keeps every field of 50 concurrent saves of distinct fields', async () => {
    const { storage, driver } = storageWithDriver({ servers: [server.url], prefix: uniquePrefix() })
    const cookie = await saveNew(storage, { base: true })
    const sessions = await Promise.all(Array.from({ length: 50 }, () => storage.read(cookie)))
    sessions.forEach((session, i) => {
      session.set(`field${i}`, i)
    })
    const cookies = await Promise.all(sessions.map((session) => storage.save(session)))
    expect(cookies.every((value) => value === cookie)).toBe(true)

    const merged = await storage.read(cookie)
    expect(merged.get('base')).toBe(true)
    for (let i = 0; i < 50; i++) expect(merged.get(`field${i}`)).toBe(i)
    const { updateRetries } = driver.stats()
    console.log(`50 concurrent saves: ${updateRetries} CAS conflicts re-read and re-applied`)
    expect(updateRetries).toBeGreaterThan(0)
    await storage.close()
  })

  it('re-reads and re-applies the same patch after losing a CAS race', async () => {
    const { storage, driver } = storageWithDriver({ servers: [server.url], prefix: uniquePrefix() })
    const cookie = await saveNew(storage, { count: 0 })
    const id = storageIdOf(cookie)
    // Both reads are pipelined on one connection before either write: the second write loses.
    await Promise.all([
      driver.update(id, { set: { a: { value: '"A"' } }, unset: ['count'] }, 60),
      driver.update(id, { set: { b: { value: '"B"' } }, unset: [] }, 60),
    ])
    expect(driver.stats().updateRetries).toBe(1)
    const session = await storage.read(cookie)
    expect([session.get('a'), session.get('b'), session.has('count')]).toEqual(['A', 'B', false])
    await storage.close()
  })

  it('does not recreate a session destroyed between a save’s read and its CAS write', async () => {
    const { storage, driver } = storageWithDriver({ servers: [server.url], prefix: uniquePrefix() })
    const cookie = await saveNew(storage, { a: 1 })
    const id = storageIdOf(cookie)
    // Pipelined: both saves read the session, then it is deleted, then both CAS writes run.
    const results = await Promise.all([
      driver.update(id, { set: { b: { value: '2' } }, unset: [] }, 60),
      driver.update(id, { set: { c: { value: '3' } }, unset: [] }, 60),
      driver.destroy(id),
    ])
    expect(results).toEqual([false, false, undefined])
    expect(await driver.load(id, 60)).toBeNull()
    await storage.close()
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServers, startServers } from '../servers/servers.js'
import { sessionFields } from '../session/session-fields.js'
import { SESSIONKIT_TARGETS } from './sessionkit.js'
import { withDriverTwins } from './sessionkit-drivers.js'
import type { TargetDefinition } from './target.js'

const named = (name: string) =>
  SESSIONKIT_TARGETS.find((target) => target.name === name) as TargetDefinition

describe('withDriverTwins', () => {
  it('adds a driver twin right after each plain sessionkit target, and none after the others', () => {
    const peer = { ...named('sessionkit-memory'), name: 'memorystore', kind: 'peer' } as const
    const names = withDriverTwins([
      named('sessionkit-memory'),
      named('sessionkit-memory-owned'),
      peer,
      named('sessionkit-memcache'),
    ]).map((target) => target.name)
    expect(names).toEqual([
      'sessionkit-memory',
      'sessionkit-memory~driver',
      'sessionkit-memory-owned',
      'memorystore',
      'sessionkit-memcache',
      'sessionkit-memcache~driver',
    ])
  })

  it("keeps the target's family, server and floor, and says it leaves core out", () => {
    const [, twin] = withDriverTwins([named('sessionkit-valkey')])
    expect(twin).toMatchObject({
      family: 'valkey',
      server: 'valkey9',
      floor: 'floor-ioredis@valkey9',
      label: 'sessionkit valkey (iovalkey), driver alone',
    })
  })
})

describe('driver twins, on the servers the bench starts', () => {
  let servers: RunningServers

  beforeAll(async () => {
    servers = await startServers(['redis8', 'valkey9', 'memcached'])
  }, 120_000)

  afterAll(async () => {
    await servers?.stop()
  })

  it.each([
    'sessionkit-memory',
    'sessionkit-redis',
    'sessionkit-redis-ioredis',
    'sessionkit-valkey',
    'sessionkit-memcache',
  ])('%s~driver runs every cycle on the driver itself, as core would ask it', async (name) => {
    const [entry, twin] = withDriverTwins([named(name)]) as [TargetDefinition, TargetDefinition]
    const target = await twin.open({
      ...(entry.server ? { endpoint: servers.endpoint(entry.server) } : {}),
      prefix: `twin-test:${name}:`,
      fields: sessionFields(1024),
      ttl: 60,
    })
    const ref = await target.create()
    expect(await target.read(ref)).toBe(0)
    let between = 0
    expect(await target.modify(ref, () => between++)).toBe(0)
    expect(between).toBe(1)
    expect(await target.read(ref)).toBe(1)
    await target.destroy(ref)
    await expect(target.read(ref)).rejects.toThrow('session not found')
    await target.close()
  })
})

import { describe, expect, it } from 'vitest'
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

  it('runs every cycle on the driver itself (memory: no server), as core would ask it', async () => {
    const [, twin] = withDriverTwins([named('sessionkit-memory')])
    const target = await (twin as TargetDefinition).open({
      prefix: 'twin:',
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

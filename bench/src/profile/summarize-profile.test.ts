import { describe, expect, it } from 'vitest'
import { type CpuProfile, groupOf, summarizeProfile } from './summarize-profile.js'

describe('groupOf', () => {
  it.each([
    ['file:///w/packages/core/dist/storage/with-timeout.js', 'withTimeout', 'sessionkit core'],
    ['file:///w/packages/redis/dist/redis-driver.js', 'load', 'sessionkit backend (redis)'],
    ['file:///w/node_modules/ioredis/built/Redis.js', 'sendCommand', 'library ioredis'],
    ['file:///w/node_modules/@redis/client/dist/x.js', 'f', 'library @redis/client'],
    ['file:///w/bench/dist/measure/throughput.js', 'runTimed', 'bench harness'],
    ['file:///w/packages/conformance/dist/servers/x.js', 'f', 'sessionkit test-server harness'],
    ['node:internal/streams/writable', 'write', 'node internals'],
    ['', 'writeUtf8String', 'node internals'],
    ['', '(garbage collector)', 'GC'],
    ['', '(idle)', 'idle'],
  ])('%s %s → %s', (url, name, group) => {
    expect(groupOf(url, name)).toBe(group)
  })
})

describe('summarizeProfile', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      {
        id: 3,
        callFrame: { functionName: 'run', url: 'file:///w/packages/core/dist/a.js', lineNumber: 9 },
      },
      {
        id: 4,
        callFrame: {
          functionName: 'parse',
          url: 'file:///w/node_modules/memjs/lib/a.js',
          lineNumber: 0,
        },
      },
      {
        id: 5,
        callFrame: { functionName: 'tiny', url: 'file:///w/node_modules/zod/a.js', lineNumber: 0 },
      },
    ],
    samples: [3, 4, 3, 2, 3, 5],
    timeDeltas: [1000, 2000, 1000, 5000, 1000, 10],
  }

  it('adds up self time per function and per group, idle apart, minor groups together', () => {
    const summary = summarizeProfile(profile)
    expect(summary.idleMs).toBe(5)
    expect(summary.busyMs).toBeCloseTo(5.01)
    expect(summary.groups).toEqual([
      { group: 'sessionkit core', ms: 3 },
      { group: 'library memjs', ms: 2 },
      { group: 'other (1 groups, each < 0.5%)', ms: 0.01 },
    ])
    expect(summary.functions[0]).toEqual({
      group: 'sessionkit core',
      name: 'run',
      location: 'packages/core/dist/a.js:10',
      ms: 3,
    })
  })
})

import { describe, expect, it } from 'vitest'
import { parseBenchOptions, UsageError } from './options.js'

describe('parseBenchOptions', () => {
  it('runs the full matrix by default', () => {
    const options = parseBenchOptions([])
    expect(options).toMatchObject({
      quick: false,
      cycles: ['read', 'modify', 'create', 'destroy'],
      sizes: [1, 16, 64],
      concurrency: [1, 8, 32, 128],
      sessions: 1000,
      count: true,
    })
    expect(options.reps).toBeGreaterThanOrEqual(3)
  })

  it('makes --quick a small subset that explicit options still override', () => {
    expect(parseBenchOptions(['--quick'])).toMatchObject({
      cycles: ['modify'],
      sizes: [1],
      concurrency: [1, 32],
      reps: 3,
    })
    expect(parseBenchOptions(['--quick', '--sizes', '16', '--reps', '5'])).toMatchObject({
      sizes: [16],
      reps: 5,
    })
  })

  it('subscribes to the storage tracing channels only with --trace', () => {
    expect(parseBenchOptions([]).trace).toBe(false)
    expect(parseBenchOptions(['--quick', '--trace']).trace).toBe(true)
  })

  it('adds the driver twins only with --breakdown', () => {
    expect(parseBenchOptions([]).breakdown).toBe(false)
    expect(parseBenchOptions(['--breakdown', '--cycles', 'modify']).breakdown).toBe(true)
  })

  it('reads the filters', () => {
    const options = parseBenchOptions([
      '--targets',
      'sessionkit-redis, connect-redis',
      '--family=redis,memcache',
      '--cycles',
      'read,destroy',
      '--no-count',
    ])
    expect(options.targets).toEqual(['sessionkit-redis', 'connect-redis'])
    expect(options.families).toEqual(['redis', 'memcache'])
    expect(options.cycles).toEqual(['read', 'destroy'])
    expect(options.count).toBe(false)
  })

  it.each([
    [['--cycles', 'update'], /--cycles: unknown update/],
    [['--family', 'mongo'], /--family: unknown mongo/],
    [['--reps', '0'], /--reps must be a whole number > 0/],
    [['--sizes', '1,x'], /--sizes must be a whole number > 0, got x/],
    [['--concurrency', '64', '--sessions', '32'], /--concurrency 64 exceeds --sessions 32/],
    [['--bogus'], /bogus/],
  ])('refuses %j with a UsageError', (args, message) => {
    expect(() => parseBenchOptions(args)).toThrow(UsageError)
    expect(() => parseBenchOptions(args)).toThrow(message)
  })
})

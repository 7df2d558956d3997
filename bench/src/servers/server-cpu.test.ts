import { Redis } from 'ioredis'
import { Client } from 'memjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openServerCpuMeter } from './server-cpu.js'
import { type RunningServers, startServers } from './servers.js'

describe('openServerCpuMeter, on the servers the bench starts', () => {
  let servers: RunningServers

  beforeAll(async () => {
    servers = await startServers(['redis8', 'memcached'])
  }, 120_000)

  afterAll(async () => {
    await servers?.stop()
  })

  it("reads the Redis server's own CPU and command time: a script that keeps the server busy shows in both", async () => {
    const endpoint = servers.endpoint('redis8')
    const meter = await openServerCpuMeter('redis8', endpoint)
    const client = new Redis(endpoint)
    try {
      const before = await meter.read()
      const startedAt = process.cpuUsage()
      const sentAt = performance.now()
      // About 100 ms of server CPU for one command: the client waits, the server works.
      await client.eval('local x = 0 for i = 1, 2e7 do x = x + i end return 1', 0)
      const waitedMicros = (performance.now() - sentAt) * 1000
      const clientCpu = process.cpuUsage(startedAt)
      const after = await meter.read()
      const spent = after.cpuSeconds - before.cpuSeconds
      expect(spent).toBeGreaterThan(0.03)
      expect(spent).toBeGreaterThan((clientCpu.user + clientCpu.system) / 1e6)
      // The script's time counts as command time (elapsed, as the server measures it: within
      // the client's wait); the meter's own INFO queries do not.
      const commandMicros = (after.commandMicros ?? 0) - (before.commandMicros ?? 0)
      expect(commandMicros).toBeGreaterThan(30_000)
      expect(commandMicros).toBeLessThanOrEqual(waitedMicros)
      expect((await meter.read()).commandMicros).toBe(after.commandMicros)
    } finally {
      client.disconnect()
      await meter.close()
    }
  })

  it("reads memcached's own CPU time: it grows with the requests served, by less than the time they took", async () => {
    const endpoint = servers.endpoint('memcached')
    const meter = await openServerCpuMeter('memcached', endpoint)
    const client = Client.create(`${endpoint.host}:${endpoint.port}`)
    try {
      const before = await meter.read()
      const startedAt = performance.now()
      const value = 'x'.repeat(16 * 1024)
      for (let i = 0; i < 500; i++) await client.set(`server-cpu-${i % 10}`, value, {})
      const wallSeconds = (performance.now() - startedAt) / 1000
      const spent = (await meter.read()).cpuSeconds - before.cpuSeconds
      expect(spent).toBeGreaterThan(0)
      expect(before.commandMicros).toBeUndefined()
      // memcached serves one connection on one worker thread (plus idle helper threads).
      expect(spent).toBeLessThan(wallSeconds * 2)
    } finally {
      client.close()
      await meter.close()
    }
  })
})

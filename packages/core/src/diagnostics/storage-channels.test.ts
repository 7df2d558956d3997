import { AsyncLocalStorage } from 'node:async_hooks'
import { tracingChannel } from 'node:diagnostics_channel'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionStorageUnavailableError } from '../errors.js'
import { storageIdOf } from '../session/session-id.js'
import { createSessionStorage } from '../storage/create-session-storage.js'
import type { SessionDriver, StoredField } from '../storage/driver.js'
import {
  STORAGE_CHANNELS,
  type StorageOperationContext,
  storageChannels,
} from './storage-channels.js'

type EventName = 'start' | 'end' | 'asyncStart' | 'asyncEnd' | 'error'

/** A Map-backed driver that answers at once, or with promises when `async`; `fail` breaks it. */
function mapDriver(options: { async?: boolean; name?: string } = {}) {
  const records = new Map<string, Map<string, StoredField>>()
  const state = { fail: false, seenStore: [] as unknown[] }
  const answer = <T>(value: T): T | Promise<T> => {
    if (state.fail) throw new Error('connection refused')
    return options.async ? Promise.resolve(value) : value
  }
  const driver: SessionDriver = {
    ...(options.name ? { name: options.name } : {}),
    capabilities: { fieldTtl: 'native' },
    load(id) {
      state.seenStore.push(operationStore.getStore())
      const fields = records.get(id)
      return answer(fields ? { fields: new Map(fields), expiresAt: Date.now() + 3_600_000 } : null)
    },
    create(id, fields) {
      if (records.has(id)) return answer(false)
      records.set(id, new Map(Object.entries(fields).map(([k, w]) => [k, { value: w.value }])))
      return answer(true)
    },
    update(id, patch) {
      const fields = records.get(id)
      if (!fields) return answer(false)
      for (const name of patch.unset) fields.delete(name)
      for (const [name, write] of Object.entries(patch.set))
        fields.set(name, { value: write.value })
      return answer(true)
    },
    touch: (id) => answer(records.has(id)),
    destroy(id) {
      records.delete(id)
      return answer(undefined)
    },
    async close() {},
  }
  return { driver, records, state }
}

const operationStore = new AsyncLocalStorage<string>()

interface Event {
  readonly event: EventName
  readonly context: StorageOperationContext
  /** Copy of the context's fields when the event was published. */
  readonly seen: StorageOperationContext
}

/** Subscribe to every event of every storage channel; the events, and a function to stop. */
function recordEvents() {
  const events: Event[] = []
  const stops = Object.values(STORAGE_CHANNELS).map((name) => {
    const channel = tracingChannel<unknown, StorageOperationContext>(name)
    const on = (event: EventName) => (context: StorageOperationContext) => {
      events.push({ event, context, seen: { ...context } })
    }
    const handlers = {
      start: on('start'),
      end: on('end'),
      asyncStart: on('asyncStart'),
      asyncEnd: on('asyncEnd'),
      error: on('error'),
    }
    channel.subscribe(handlers)
    return () => channel.unsubscribe(handlers)
  })
  return {
    events,
    stop: () => {
      for (const stop of stops) stop()
    },
  }
}

let stopRecording: (() => void) | undefined
afterEach(() => {
  stopRecording?.()
  stopRecording = undefined
  vi.restoreAllMocks()
})

function recording() {
  const recorded = recordEvents()
  stopRecording = recorded.stop
  return recorded.events
}

/** Which events of which operations were published, in order. */
const sequence = (events: readonly Event[]) =>
  events.map(({ event, seen }) => `${seen.operation}:${event}`)

async function storedSession(storage: ReturnType<typeof createSessionStorage>) {
  const session = await storage.read(null)
  session.set('secret', 'top-secret-data')
  const cookie = await storage.save(session)
  if (!cookie) throw new Error('not stored')
  return cookie
}

describe('storage tracing channels', () => {
  it('are named sessionkit:storage:<operation>', () => {
    expect(STORAGE_CHANNELS).toEqual({
      read: 'sessionkit:storage:read',
      save: 'sessionkit:storage:save',
      destroy: 'sessionkit:storage:destroy',
      regenerate: 'sessionkit:storage:regenerate',
    })
  })

  for (const async of [false, true]) {
    it(`publish start, end, asyncStart, asyncEnd for each operation (driver answering ${async ? 'with promises' : 'at once'})`, async () => {
      const { driver, records } = mapDriver({ async, name: 'map' })
      const storage = createSessionStorage(driver)
      const events = recording()

      const cookie = await storedSession(storage)
      const session = await storage.read(cookie)
      session.set('more', 1)
      expect(await storage.save(session)).toBe(cookie)
      const again = await storage.read(cookie)
      again.regenerateId()
      const moved = await storage.save(again)
      const last = await storage.read(moved)
      last.destroy()
      expect(await storage.save(last)).toBe('')
      expect((await storage.read(moved)).isNew).toBe(true)
      expect(records.size).toBe(0)

      const phases = ['start', 'end', 'asyncStart', 'asyncEnd']
      const expected = ['save', 'read', 'save', 'read', 'regenerate', 'read', 'destroy', 'read']
      expect(sequence(events)).toEqual(expected.flatMap((op) => phases.map((p) => `${op}:${p}`)))
      const outcomes = events.filter((e) => e.event === 'asyncEnd').map((e) => e.seen.outcome)
      expect(outcomes).toEqual([
        'created',
        'found',
        'updated',
        'found',
        'regenerated',
        'found',
        'destroyed',
        'missing',
      ])
      // One context object from start to asyncEnd, a new one per operation.
      for (const [index, { context }] of events.entries()) {
        expect(context).toBe(events[index - (index % 4)]?.context)
      }
      expect(new Set(events.map((e) => e.context)).size).toBe(expected.length)
      for (const { event, seen } of events) {
        expect(seen.backend).toBe('map')
        expect(seen.error).toBeUndefined()
        expect(typeof seen.startTime).toBe('number')
        if (event === 'start' || event === 'end') {
          expect(seen.outcome).toBeUndefined()
          expect(seen.duration).toBeUndefined()
        } else {
          expect(seen.duration).toBeGreaterThanOrEqual(0)
        }
      }
    })
  }

  it('never carry the session id, storage id, cookie or data', async () => {
    const { driver } = mapDriver({ async: true })
    const storage = createSessionStorage(driver)
    const events = recording()
    const cookie = await storedSession(storage)
    const session = await storage.read(cookie)
    session.regenerateId()
    const moved = await storage.save(session)
    expect(moved).toBeTruthy()
    const secrets = [cookie, storageIdOf(cookie), moved as string, storageIdOf(moved as string)]
    secrets.push('top-secret-data', 'secret')
    expect(events.length).toBe(12)
    for (const { context } of events) {
      expect(Object.keys(context).sort()).toEqual(
        ['backend', 'duration', 'error', 'operation', 'outcome', 'startTime'].sort(),
      )
      const text = JSON.stringify(context)
      for (const secret of secrets) expect(text).not.toContain(secret)
      expect(context.backend).toBe('custom')
    }
  })

  it('publish nothing for what does not reach the store', async () => {
    const { driver } = mapDriver()
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    const events = recording()
    const fresh = await storage.read(null)
    await storage.read('not-a-session-id')
    expect(await storage.save(fresh)).toBeNull()
    fresh.destroy()
    expect(await storage.save(fresh)).toBe('')
    const stored = await storage.read(cookie)
    expect(await storage.save(stored)).toBeNull()
    expect(sequence(events)).toEqual(['read:start', 'read:end', 'read:asyncStart', 'read:asyncEnd'])
  })

  it('build nothing and take no tracing path when nobody subscribes', async () => {
    const { driver } = mapDriver()
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    const runStores = Object.values(storageChannels).map((channel) =>
      vi.spyOn(channel.start, 'runStores'),
    )
    for (const channel of Object.values(storageChannels)) expect(channel.hasSubscribers).toBe(false)
    const session = await storage.read(cookie)
    session.set('n', 1)
    await storage.save(session)
    for (const spy of runStores) expect(spy).not.toHaveBeenCalled()

    // The same calls with a subscriber of one channel's `asyncEnd` only take it, for that one.
    const onEnd = vi.fn()
    storageChannels.save.asyncEnd.subscribe(onEnd)
    try {
      const next = await storage.read(cookie)
      next.set('n', 2)
      await storage.save(next)
    } finally {
      storageChannels.save.asyncEnd.unsubscribe(onEnd)
    }
    expect(runStores.map((spy) => spy.mock.calls.length)).toEqual([0, 1, 0, 0])
    expect(onEnd).toHaveBeenCalledOnce()
  })

  it('publish error (with the error the caller gets), asyncStart and asyncEnd on failure', async () => {
    const { driver, state } = mapDriver({ async: true, name: 'broken' })
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    const events = recording()
    state.fail = true
    const failure = await storage.read(cookie).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(SessionStorageUnavailableError)
    expect(sequence(events)).toEqual([
      'read:start',
      'read:end',
      'read:error',
      'read:asyncStart',
      'read:asyncEnd',
    ])
    const failed = events[2]?.seen
    expect(failed?.error).toBe(failure)
    expect(failed?.outcome).toBe('error')
    expect(failed?.backend).toBe('broken')
    expect(failed?.duration).toBeGreaterThanOrEqual(0)
    // The error names no id: core's messages never do.
    expect(String((failure as Error).message)).not.toContain(storageIdOf(cookie))
  })

  it('report a save refused by a limit as an error of that save', async () => {
    const { driver } = mapDriver()
    const storage = createSessionStorage(driver, { maxSize: 64 })
    const events = recording()
    const session = await storage.read(null)
    session.set('big', 'x'.repeat(100))
    await expect(storage.save(session)).rejects.toThrow()
    expect(sequence(events)).toEqual([
      'save:start',
      'save:end',
      'save:error',
      'save:asyncStart',
      'save:asyncEnd',
    ])
  })

  it('report a save whose session is gone from the store as gone', async () => {
    const { driver, records } = mapDriver()
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    const session = await storage.read(cookie)
    records.clear()
    session.set('n', 1)
    const events = recording()
    expect(await storage.save(session)).toBe('')
    expect(events.at(-1)?.seen.outcome).toBe('gone')
  })

  it("run the driver call inside the start channel's stores (context propagation)", async () => {
    const { driver, state } = mapDriver({ async: true })
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    storageChannels.read.start.bindStore(operationStore, (context) => `traced ${context.operation}`)
    try {
      await storage.read(cookie)
    } finally {
      storageChannels.read.start.unbindStore(operationStore)
    }
    await storage.read(cookie)
    expect(state.seenStore).toEqual(['traced read', undefined])
  })

  it('keep answering the request when a subscriber throws (Node reports it as uncaught)', async () => {
    const { driver } = mapDriver({ async: true })
    const storage = createSessionStorage(driver)
    const cookie = await storedSession(storage)
    const thrown = new Error('subscriber bug')
    const throwing = () => {
      throw thrown
    }
    const others = recording()
    // vitest fails a run on any uncaught exception: take its listeners off for this one test.
    const listeners = process.listeners('uncaughtException')
    process.removeAllListeners('uncaughtException')
    const uncaught: unknown[] = []
    const catcher = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', catcher)
    storageChannels.read.subscribe({
      start: throwing,
      end: throwing,
      asyncStart: throwing,
      asyncEnd: throwing,
      error: throwing,
    })
    try {
      const session = await storage.read(cookie)
      expect(session.isNew).toBe(false)
      expect(session.get('secret')).toBe('top-secret-data')
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      storageChannels.read.unsubscribe({
        start: throwing,
        end: throwing,
        asyncStart: throwing,
        asyncEnd: throwing,
        error: throwing,
      })
      process.off('uncaughtException', catcher)
      for (const listener of listeners) process.on('uncaughtException', listener)
    }
    expect(uncaught).toEqual([thrown, thrown, thrown, thrown])
    expect(sequence(others)).toEqual(['read:start', 'read:end', 'read:asyncStart', 'read:asyncEnd'])
  })
})

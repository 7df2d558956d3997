import {
  type FieldWrite,
  isFlashField,
  type SessionDriver,
  type StoredRecord,
} from '@sessionkit/core/driver'
import type { ReferenceRecord, ReferenceServer } from '../reference-driver.js'
import { copyRecord, liveRecord, pause, putRecord, storedFields } from './server-access.js'

// Broken drivers for the driver-level cases: each wraps a correct reference driver (on its
// pretend server) and breaks one promise of the driver contract.

type Wrapper = (inner: SessionDriver, server: ReferenceServer, prefix: string) => SessionDriver

/** Reports `fieldTtl: 'emulated'` though the target declares 'native'. */
export const reportsOtherCapabilities: Wrapper = (inner) => ({
  ...inner,
  capabilities: { fieldTtl: 'emulated' },
})

/** Stores values with surrounding white space trimmed. */
export const trimsValues: Wrapper = (inner) => {
  const trimmed = (writes: Readonly<Record<string, FieldWrite>>) =>
    Object.fromEntries(
      Object.entries(writes).map(([name, write]) => [
        name,
        { ...write, value: write.value.trim() },
      ]),
    )
  return {
    ...inner,
    create: (id, fields, ttl) => inner.create(id, trimmed(fields), ttl),
    update: (id, patch, ttl) => inner.update(id, { ...patch, set: trimmed(patch.set) }, ttl),
  }
}

/** `create` replaces an existing record and resolves true. */
export const createOverwrites: Wrapper = (inner) => ({
  ...inner,
  async create(id, fields, ttl) {
    await inner.destroy(id)
    return inner.create(id, fields, ttl)
  },
})

/** `create` checks that the id is free, pauses, then writes whatever is there. */
export const createChecksThenWrites: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async create(id, fields, ttl) {
    if (liveRecord(server, prefix, id)) return false
    await pause()
    putRecord(server, prefix, id, {
      fields: new Map(storedFields(fields)),
      expiresAt: Date.now() + ttl * 1000,
    })
    return true
  },
})

/** `destroy` of a record that is not there throws. */
export const destroyOfMissingThrows: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async destroy(id) {
    if (!liveRecord(server, prefix, id)) throw new Error(`no record ${id} to delete`)
    return inner.destroy(id)
  },
})

/** `destroy` empties the record but leaves it in place. */
export const destroyLeavesEmptyRecord: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async destroy(id) {
    liveRecord(server, prefix, id)?.fields.clear()
  },
})

/** `load` hands out one cached record object per id, which later calls change. */
export const loadHandsOutSharedRecord: Wrapper = (inner, server, prefix) => {
  const handedOut = new Map<string, { fields: StoredRecord['fields']; expiresAt: number }>()
  const refresh = (id: string) => {
    const found = liveRecord(server, prefix, id)
    const shared = handedOut.get(id)
    if (found && shared)
      Object.assign(shared, { fields: new Map(found.fields), expiresAt: found.expiresAt })
  }
  return {
    ...inner,
    async load(id, ttl) {
      const record = await inner.load(id, ttl)
      if (!record) return null
      const shared = handedOut.get(id) ?? { fields: record.fields, expiresAt: record.expiresAt }
      Object.assign(shared, record)
      handedOut.set(id, shared)
      return shared
    },
    async update(id, patch, ttl) {
      const updated = await inner.update(id, patch, ttl)
      refresh(id)
      return updated
    },
    async touch(id, ttl) {
      const touched = await inner.touch(id, ttl)
      refresh(id)
      return touched
    },
  }
}

/** `load` returns and removes one flash field per call; the others wait for the next load. */
export const oneFlashPerLoad: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async load(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return inner.load(id, ttl)
    const first = [...found.fields.keys()].find(isFlashField)
    const fields = new Map(
      [...found.fields].filter(([name]) => !isFlashField(name) || name === first),
    )
    if (first) found.fields.delete(first)
    return { fields, expiresAt: found.expiresAt }
  },
})

/** `load` returns the flash fields and removes them a turn of the event loop later. */
export const removesFlashesLater: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async load(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return inner.load(id, ttl)
    const fields = new Map(found.fields)
    setImmediate(() => {
      for (const name of [...found.fields.keys()]) if (isFlashField(name)) found.fields.delete(name)
    })
    return { fields, expiresAt: found.expiresAt }
  },
})

/** `update` applies the patch but ignores its `ttl`: the record keeps its old expiry. */
export const updateIgnoresTtl: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async update(id, patch, ttl) {
    const expiresAt = liveRecord(server, prefix, id)?.expiresAt
    const updated = await inner.update(id, patch, ttl)
    const found = liveRecord(server, prefix, id)
    if (found && expiresAt !== undefined) found.expiresAt = expiresAt
    return updated
  },
})

/** `update` of a missing record creates it from the patch. */
export const updateUpserts: Wrapper = (inner) => ({
  ...inner,
  async update(id, patch, ttl) {
    return (await inner.update(id, patch, ttl)) || inner.create(id, patch.set, ttl)
  },
})

/** `touch` of a missing record creates an empty one. */
export const touchCreatesEmpty: Wrapper = (inner) => ({
  ...inner,
  async touch(id, ttl) {
    return (await inner.touch(id, ttl)) || inner.create(id, {}, ttl)
  },
})

/** `touch` answers whether the record exists and does nothing else. */
export const touchDoesNothing: Wrapper = (inner, server, prefix) => ({
  ...inner,
  touch: async (id) => liveRecord(server, prefix, id) !== undefined,
})

/** `move` copies the fields without their TTLs. */
export const moveDropsFieldTtls: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async move(fromId, toId, patch, ttl, options) {
    const moved = await inner.move?.(fromId, toId, patch, ttl, options)
    for (const [name, field] of liveRecord(server, prefix, toId)?.fields ?? []) {
      liveRecord(server, prefix, toId)?.fields.set(name, { value: field.value })
    }
    return moved ?? false
  },
})

/** `move` of a missing record leaves an empty record at the new id (and resolves false). */
export const moveLeavesEmptyRecord: Wrapper = (inner) => ({
  ...inner,
  async move(fromId, toId, patch, ttl, options) {
    if (await inner.move?.(fromId, toId, patch, ttl, options)) return true
    await inner.create(toId, {}, ttl)
    return false
  },
})

/** `update` checks that the record exists, pauses, then writes the patch wherever it went. */
export const updateChecksThenUpserts: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async update(id, patch, ttl) {
    if (!liveRecord(server, prefix, id)) return false
    await pause()
    const record = liveRecord(server, prefix, id) ?? { fields: new Map(), expiresAt: 0 }
    for (const name of patch.unset) record.fields.delete(name)
    for (const [name, field] of storedFields(patch.set)) record.fields.set(name, field)
    record.expiresAt = Date.now() + ttl * 1000
    putRecord(server, prefix, id, record)
    return true
  },
})

/** `touch` reads the record, pauses, then writes it back with a new expiry wherever it went. */
export const touchUpsertsCopy: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async touch(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return false
    const copy = copyRecord(found)
    await pause()
    copy.expiresAt = Date.now() + ttl * 1000
    putRecord(server, prefix, id, copy)
    return true
  },
})

/** `load` removes flashes by writing the rest of the record it read, after a pause, wherever it went. */
export const loadUpsertsRest: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async load(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return inner.load(id, ttl)
    const copy = copyRecord(found)
    const loaded: StoredRecord = { fields: new Map(copy.fields), expiresAt: copy.expiresAt }
    await pause()
    for (const name of [...copy.fields.keys()]) if (isFlashField(name)) copy.fields.delete(name)
    putRecord(server, prefix, id, copy)
    return loaded
  },
})

/** `touch` replaces the record with the copy it read before a pause, if it is still there. */
export const touchRewritesCopy: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async touch(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return false
    const copy = copyRecord(found)
    await pause()
    if (!liveRecord(server, prefix, id)) return false
    copy.expiresAt = Date.now() + ttl * 1000
    putRecord(server, prefix, id, copy)
    return true
  },
})

/** `load` consumes flashes by replacing the record with its copy (flashes left out) after a pause. */
export const loadRewritesCopy: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async load(id, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return inner.load(id, ttl)
    const copy = copyRecord(found)
    const loaded: StoredRecord = { fields: new Map(copy.fields), expiresAt: copy.expiresAt }
    await pause()
    if (liveRecord(server, prefix, id)) {
      for (const name of [...copy.fields.keys()]) if (isFlashField(name)) copy.fields.delete(name)
      putRecord(server, prefix, id, copy)
    }
    return loaded
  },
})

/** `update` reads the record, pauses, and replaces it with its patched copy: updates get lost. */
export const updateReplacesWithCopy: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async update(id, patch, ttl) {
    const found = liveRecord(server, prefix, id)
    if (!found) return false
    const copy: ReferenceRecord = copyRecord(found)
    await pause()
    if (!liveRecord(server, prefix, id)) return false
    for (const name of patch.unset) copy.fields.delete(name)
    for (const [name, field] of storedFields(patch.set)) copy.fields.set(name, field)
    copy.expiresAt = Date.now() + ttl * 1000
    putRecord(server, prefix, id, copy)
    return true
  },
})

/** `move` copies the record, pauses, then deletes the old one whatever happened to it meanwhile. */
export const moveDeletesBlindly: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async move(fromId, toId, patch, ttl, { deleteOld }) {
    const moved = await inner.move?.(fromId, toId, patch, ttl, { deleteOld: false })
    if (!moved) return false
    await pause()
    if (deleteOld) server.delete(prefix + fromId)
    return true
  },
})

/**
 * `move` writes the new record first, pauses, and resolves false (leaving the copy) when the
 * old one was destroyed meanwhile.
 */
export const moveLeavesCopyOnFalse: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async move(fromId, toId, patch, ttl, { deleteOld }) {
    const moved = await inner.move?.(fromId, toId, patch, ttl, { deleteOld: false })
    if (!moved) return false
    await pause()
    if (!liveRecord(server, prefix, fromId)) return false
    if (deleteOld) server.delete(prefix + fromId)
    return true
  },
})

/** A driver on a server that does not answer whose touch and destroy wait for ever. */
export function unboundedTouchAndDestroy(inner: SessionDriver): SessionDriver {
  const never = () => new Promise<never>(() => {})
  return { ...inner, touch: never, destroy: never }
}

/** Listeners added by `listenerPerRecord` drivers, removed once the self-test is done. */
export const perRecordListeners = new Set<() => void>()

/** Adds a process 'exit' listener per record created (a flush on exit), never removed. */
export const listenerPerRecord: Wrapper = (inner) => ({
  ...inner,
  async create(id, fields, ttl) {
    const created = await inner.create(id, fields, ttl)
    if (created) {
      const flush = () => {}
      perRecordListeners.add(flush)
      process.on('exit', flush)
    }
    return created
  },
})

/** `update` revives a record that expired but was not yet swept from the server. */
export const updateRevivesExpired: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async update(id, patch, ttl) {
    const stored = server.get(prefix + id)
    if (!stored) return false
    for (const name of patch.unset) stored.fields.delete(name)
    for (const [name, field] of storedFields(patch.set)) stored.fields.set(name, field)
    stored.expiresAt = Date.now() + ttl * 1000
    return true
  },
})

/** `load` reports the expiry a whole TTL later than the real one. */
export const reportsExpiryTooLate: Wrapper = (inner) => ({
  ...inner,
  async load(id, ttl) {
    const record = await inner.load(id, ttl)
    return record && { ...record, expiresAt: record.expiresAt + ttl * 1000 }
  },
})

/** `touch` rounds the TTL down by a second (at least 1 s). */
export const touchRoundsDown: Wrapper = (inner) => ({
  ...inner,
  touch: (id, ttl) => inner.touch(id, Math.max(1, ttl - 1)),
})

/**
 * Claims 'emulated' field TTLs but only stamps expiry times into the record for core to
 * filter: `load` returns expired fields, which stay stored for ever.
 */
export const stampsFieldExpiryOnly: Wrapper = (inner, server, prefix) => ({
  ...inner,
  capabilities: { fieldTtl: 'emulated' },
  async load(id, ttl) {
    const stored = server.get(prefix + id)
    if (!stored || stored.expiresAt <= Date.now()) return inner.load(id, ttl)
    const fields = new Map(stored.fields)
    for (const name of [...stored.fields.keys()]) if (isFlashField(name)) stored.fields.delete(name)
    return { fields, expiresAt: stored.expiresAt }
  },
  async update(id, patch, ttl) {
    const stored = liveRecordKeepingFields(server, prefix, id)
    if (!stored) return false
    for (const name of patch.unset) stored.fields.delete(name)
    for (const [name, field] of storedFields(patch.set)) stored.fields.set(name, field)
    stored.expiresAt = Date.now() + ttl * 1000
    return true
  },
  async touch(id, ttl) {
    const stored = liveRecordKeepingFields(server, prefix, id)
    if (!stored) return false
    stored.expiresAt = Date.now() + ttl * 1000
    return true
  },
})

/** A field written again without a TTL keeps its earlier expiry. */
export const rewriteKeepsFieldExpiry: Wrapper = (inner, server, prefix) => ({
  ...inner,
  async update(id, patch, ttl) {
    const before = new Map(liveRecord(server, prefix, id)?.fields ?? [])
    const updated = await inner.update(id, patch, ttl)
    const found = liveRecord(server, prefix, id)
    for (const [name, write] of Object.entries(patch.set)) {
      const expiresAt = before.get(name)?.expiresAt
      if (write.ttl === undefined && expiresAt !== undefined) {
        found?.fields.set(name, { value: write.value, expiresAt })
      }
    }
    return updated
  },
})

/** The unexpired record, its expired fields left in place (the reference driver drops them). */
function liveRecordKeepingFields(server: ReferenceServer, prefix: string, id: string) {
  const stored = server.get(prefix + id)
  return stored && stored.expiresAt > Date.now() ? stored : undefined
}

/** `close()` drops the calls still in flight: they never settle. */
export const closeDropsCallsInFlight: Wrapper = (inner) => {
  let closed = false
  const gated =
    <A extends unknown[], R>(call: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      await pause()
      if (closed) return new Promise<R>(() => {})
      return call(...args)
    }
  return {
    ...inner,
    load: gated(inner.load.bind(inner)),
    create: gated(inner.create.bind(inner)),
    update: gated(inner.update.bind(inner)),
    touch: gated(inner.touch.bind(inner)),
    destroy: gated(inner.destroy.bind(inner)),
    async close() {
      closed = true
      await inner.close()
    },
  }
}

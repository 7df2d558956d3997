import { isFlashField, type SessionDriver } from '@sessionkit/core/driver'
import type { ReferenceServer } from '../reference-driver.js'
import {
  copyRecord,
  liveRecord,
  pause,
  putRecord,
  storedFields,
  withoutTtls,
} from './server-access.js'

// Broken drivers for the storage cases (run through core's createSessionStorage): each wraps
// a correct reference driver and breaks one promise, as a real driver could.

/** Accepts field TTLs and silently stores the fields without them. */
export function dropsFieldTtls(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    create: (id, fields, ttl) => inner.create(id, withoutTtls(fields), ttl),
    update: (id, patch, ttl) => inner.update(id, { ...patch, set: withoutTtls(patch.set) }, ttl),
  }
}

/** Normalises field names to NFC, so that 'cafe\u0301' and 'café' become one key. */
export function normalisesFieldNames(inner: SessionDriver): SessionDriver {
  const normal = <T>(writes: Readonly<Record<string, T>>) =>
    Object.fromEntries(
      Object.entries(writes).map(([name, write]) => [name.normalize('NFC'), write]),
    )
  return {
    ...inner,
    create: (id, fields, ttl) => inner.create(id, normal(fields), ttl),
    update: (id, patch, ttl) =>
      inner.update(
        id,
        { set: normal(patch.set), unset: patch.unset.map((name) => name.normalize('NFC')) },
        ttl,
      ),
  }
}

/** A save that brings a flash drops the flashes still pending: only the newest survive. */
export function replacesPendingFlashes(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    update(id, patch, ttl) {
      const found = liveRecord(server, prefix, id)
      if (found && Object.keys(patch.set).some(isFlashField)) {
        for (const name of [...found.fields.keys()])
          if (isFlashField(name)) found.fields.delete(name)
      }
      return inner.update(id, patch, ttl)
    },
  }
}

/** `move` writes the new record from the patch even when the old one is gone. */
export function movesFromGone(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async move(fromId, toId, patch, ttl, options) {
      if (await inner.move?.(fromId, toId, patch, ttl, options)) return true
      return inner.create(toId, patch.set, ttl)
    },
  }
}

/** Unref'ed timers started by `expiryTimerPerRecord` drivers, cleared after the self-test. */
export const perRecordTimers = new Set<NodeJS.Timeout>()

/** Starts an (unref'ed) expiry timer per record, and leaves them running after `close()`. */
export function expiryTimerPerRecord(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async create(id, fields, ttl) {
      const created = await inner.create(id, fields, ttl)
      if (created) {
        const timer = setTimeout(() => inner.destroy(id), ttl * 1000)
        timer.unref()
        perRecordTimers.add(timer)
      }
      return created
    },
  }
}

/** Updates by reading the record, pausing, then writing the patched copy back, wherever it went. */
export function writesBackAfterPause(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      const found = liveRecord(server, prefix, id)
      if (!found) return false
      const copy = copyRecord(found)
      await pause()
      for (const name of patch.unset) copy.fields.delete(name)
      for (const [name, field] of storedFields(patch.set)) copy.fields.set(name, field)
      copy.expiresAt = Date.now() + ttl * 1000
      putRecord(server, prefix, id, copy)
      return true
    },
  }
}

/** A save that removes keys rewrites the record from a copy read before a pause. */
export function unsetsFromStaleCopy(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      if (patch.unset.length === 0) return inner.update(id, patch, ttl)
      const found = liveRecord(server, prefix, id)
      if (!found) return false
      const copy = copyRecord(found)
      await pause()
      if (!liveRecord(server, prefix, id)) return false
      for (const name of patch.unset) copy.fields.delete(name)
      for (const [name, field] of storedFields(patch.set)) copy.fields.set(name, field)
      copy.expiresAt = Date.now() + ttl * 1000
      putRecord(server, prefix, id, copy)
      return true
    },
  }
}

/** `touch` writes the record it read back with a new expiry, after a pause (a stale copy). */
export function touchWritesBackCopy(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
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
  }
}

/**
 * A load that finds flashes removes them by replacing the record with the copy it read
 * (flashes left out), after a pause: a save made meanwhile is undone.
 */
export function consumesFlashesByRewrite(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async load(id, ttl) {
      const found = liveRecord(server, prefix, id)
      if (!found) return inner.load(id, ttl)
      const copy = copyRecord(found)
      const flashes = [...copy.fields.keys()].filter(isFlashField)
      if (flashes.length === 0) return inner.load(id, ttl)
      const loaded = { fields: new Map(copy.fields), expiresAt: copy.expiresAt }
      await pause()
      if (liveRecord(server, prefix, id)) {
        for (const name of flashes) copy.fields.delete(name)
        putRecord(server, prefix, id, copy)
      }
      return loaded
    },
  }
}

/** A load takes the flashes one at a time, pausing between: concurrent loads split them. */
export function takesFlashesOneByOne(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async load(id, ttl) {
      const found = liveRecord(server, prefix, id)
      if (!found) return inner.load(id, ttl)
      const fields = new Map([...found.fields].filter(([name]) => !isFlashField(name)))
      for (const name of [...found.fields.keys()].filter(isFlashField)) {
        const field = liveRecord(server, prefix, id)?.fields.get(name)
        if (field) {
          liveRecord(server, prefix, id)?.fields.delete(name)
          fields.set(name, field)
        }
        await pause(2)
      }
      return { fields, expiresAt: found.expiresAt }
    },
  }
}

/** An update changes the stored field objects in place: loads handed out see the change. */
export function mutatesFieldsInPlace(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      const found = liveRecord(server, prefix, id)
      if (!found) return false
      for (const name of patch.unset) found.fields.delete(name)
      for (const [name, field] of storedFields(patch.set)) {
        const existing = found.fields.get(name) as { value: string; expiresAt?: number } | undefined
        if (existing) Object.assign(existing, field)
        else found.fields.set(name, field)
      }
      found.expiresAt = Date.now() + ttl * 1000
      return true
    },
  }
}

/** Refuses records over 200 KiB: a store with a lower limit than core's default maxSize. */
export function refusesLargeRecords(inner: SessionDriver): SessionDriver {
  const LIMIT = 200 * 1024
  const bytes = (writes: Readonly<Record<string, { value: string }>>) =>
    Object.entries(writes).reduce((sum, [name, { value }]) => sum + name.length + value.length, 0)
  const refuse = () => Promise.reject(new Error('value too large for this store'))
  return {
    ...inner,
    create: (id, fields, ttl) => (bytes(fields) > LIMIT ? refuse() : inner.create(id, fields, ttl)),
    update: (id, patch, ttl) =>
      bytes(patch.set) > LIMIT ? refuse() : inner.update(id, patch, ttl),
  }
}

/** `move` copies the old record even when it has expired (not yet swept). */
export function movesFromExpired(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async move(fromId, toId, patch, ttl, { deleteOld }) {
      const source = server.get(prefix + fromId)
      if (!source) return false
      const copy = copyRecord(source)
      for (const name of patch.unset) copy.fields.delete(name)
      for (const [name, field] of storedFields(patch.set)) copy.fields.set(name, field)
      copy.expiresAt = Date.now() + ttl * 1000
      putRecord(server, prefix, toId, copy)
      if (deleteOld) server.delete(prefix + fromId)
      return true
    },
  }
}

/** `load` reports that it restarted the TTL (a full TTL from now) though it did not. */
export function claimsRefreshOnLoad(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    async load(id, ttl) {
      const record = await inner.load(id, ttl)
      return record && { fields: record.fields, expiresAt: Date.now() + ttl * 1000 }
    },
  }
}

/** `touch` restarts only half the TTL. */
export function touchSlidesHalf(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async touch(id, ttl) {
      const found = liveRecord(server, prefix, id)
      if (!found) return false
      found.expiresAt = Date.now() + ttl * 500
      return true
    },
  }
}

/** `update` applies the patch but keeps the record's old expiry: saves never restart the TTL. */
export function updateKeepsExpiry(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  return {
    ...inner,
    async update(id, patch, ttl) {
      const expiresAt = liveRecord(server, prefix, id)?.expiresAt
      const updated = await inner.update(id, patch, ttl)
      const found = liveRecord(server, prefix, id)
      if (updated && found && expiresAt !== undefined) found.expiresAt = expiresAt
      return updated
    },
  }
}

/** `create` rounds the TTL down by a second (at least 1 s). */
export function createRoundsDown(inner: SessionDriver): SessionDriver {
  return { ...inner, create: (id, fields, ttl) => inner.create(id, fields, Math.max(1, ttl - 1)) }
}

/** `touch` and `update` use the TTL of the last `load` (the storage's), not their own. */
export function usesLoadTtl(inner: SessionDriver): SessionDriver {
  let lastLoadTtl: number | undefined
  return {
    ...inner,
    load(id, ttl) {
      lastLoadTtl = ttl
      return inner.load(id, ttl)
    },
    touch: (id, ttl) => inner.touch(id, lastLoadTtl ?? ttl),
    update: (id, patch, ttl) => inner.update(id, patch, lastLoadTtl ?? ttl),
  }
}

/** `touch` restarts the field TTLs too, each from its original length. */
export function touchRestartsFieldTtls(
  inner: SessionDriver,
  server: ReferenceServer,
  prefix: string,
): SessionDriver {
  const lengths = new Map<string, number>()
  const remember = (id: string, writes: Readonly<Record<string, { ttl?: number | undefined }>>) => {
    for (const [name, { ttl }] of Object.entries(writes)) {
      if (ttl !== undefined) lengths.set(`${id}\u0000${name}`, ttl)
    }
  }
  return {
    ...inner,
    create(id, fields, ttl) {
      remember(id, fields)
      return inner.create(id, fields, ttl)
    },
    update(id, patch, ttl) {
      remember(id, patch.set)
      return inner.update(id, patch, ttl)
    },
    async touch(id, ttl) {
      const touched = await inner.touch(id, ttl)
      const found = liveRecord(server, prefix, id)
      for (const [name, field] of found?.fields ?? []) {
        const length = lengths.get(`${id}\u0000${name}`)
        if (length !== undefined && field.expiresAt !== undefined) {
          found?.fields.set(name, { value: field.value, expiresAt: Date.now() + length * 1000 })
        }
      }
      return touched
    },
  }
}

/** Field TTLs are kept when a record is created, ignored when it is updated. */
export function updateIgnoresFieldTtls(inner: SessionDriver): SessionDriver {
  return {
    ...inner,
    update: (id, patch, ttl) => inner.update(id, { ...patch, set: withoutTtls(patch.set) }, ttl),
  }
}

import { describe, expect, it } from 'vitest'
import { storageIdOf } from '../session/session-id.js'
import { createSessionStorage } from './create-session-storage.js'
import type { SessionDriver, StoredField } from './driver.js'
import { OWNER_FIELD, OWNER_METADATA_FIELD } from './reserved-fields.js'

/** A driver keeping records in a map, recording the owner core passes to each write. */
function ownerRecordingDriver(owners: 'list' | 'none' = 'list') {
  const records = new Map<string, Map<string, StoredField>>()
  const calls: string[] = []
  const driver: SessionDriver = {
    capabilities: { fieldTtl: 'native', owners },
    load: (id) => {
      const fields = records.get(id)
      return fields ? { fields: new Map(fields), expiresAt: Date.now() + 60_000 } : null
    },
    create(id, fields, _ttl, owner) {
      calls.push(`create ${owner}`)
      records.set(id, new Map(Object.entries(fields).map(([k, { value }]) => [k, { value }])))
      return true
    },
    update(id, patch, _ttl, owner) {
      calls.push(`update ${owner}`)
      const fields = records.get(id)
      for (const [k, { value }] of Object.entries(patch.set)) fields?.set(k, { value })
      return fields !== undefined
    },
    touch: (_id, _ttl, owner) => {
      calls.push(`touch ${owner}`)
      return true
    },
    destroy(id, owner) {
      calls.push(`destroy ${owner}`)
      records.delete(id)
    },
    listOwnerSessions: (owner) =>
      [...records]
        .filter(([, fields]) => fields.get(OWNER_FIELD)?.value === owner)
        .map(([id, fields]) => ({ id, fields, expiresAt: Date.now() + 60_000 })),
    revokeOwnerSession: (_owner, id) => records.delete(id),
    revokeOwnerSessions: () => 0,
    close: async () => {},
  }
  return { driver, records, calls }
}

describe('sessions per owner in core', () => {
  it('passes the owner to every write and keeps it in reserved fields, not user keys', async () => {
    const { driver, records, calls } = ownerRecordingDriver()
    const storage = createSessionStorage(driver, { ttl: 60 })
    const session = await storage.read(null)
    session.setOwner('ada', { userAgent: 'UA' })
    session.set('a', 1)
    const cookie = (await storage.save(session)) ?? ''
    const stored = records.get(storageIdOf(cookie))
    expect(stored?.get(OWNER_FIELD)?.value).toBe('ada')
    expect(stored?.get(OWNER_METADATA_FIELD)?.value).toBe('{"userAgent":"UA"}')
    const read = await storage.read(cookie)
    expect(read.owner).toBe('ada')
    expect(read.keys()).toEqual(['a'])
    read.set('a', 2)
    await storage.save(read)
    read.destroy()
    await storage.save(read)
    expect(calls).toEqual(['create ada', 'update ada', 'destroy ada'])
  })

  it('lists with details derived from the record, and marks the current session', async () => {
    const { driver } = ownerRecordingDriver()
    const storage = createSessionStorage(driver, { ttl: 60 })
    const session = await storage.read(null)
    expect(() => session.setOwner('ada', { bad: 7 as unknown as string })).toThrow(
      expect.objectContaining({ code: 'SESSION_DATA' }),
    )
    session.setOwner('ada', { userAgent: 'UA' })
    await storage.save(session)
    const [info] = await storage.listSessions('ada', { current: session })
    expect(info).toMatchObject({ metadata: { userAgent: 'UA' }, current: true })
    expect(info?.handle).toBe(storageIdOf(session.id))
    expect(info?.lastSeenAt).toBeLessThanOrEqual(Date.now())
    await expect(storage.revokeSession('ada', 'not a handle')).rejects.toMatchObject({
      code: 'SESSION_DATA',
    })
    await expect(storage.listSessions('')).rejects.toMatchObject({ code: 'SESSION_DATA' })
  })

  it('refuses owner calls the driver cannot do, with SessionUnsupportedError', async () => {
    const { driver } = ownerRecordingDriver('none')
    const storage = createSessionStorage(driver)
    for (const call of [
      storage.listSessions('ada'),
      storage.revokeSession('ada', storageIdOf('x')),
      storage.revokeAllSessions('ada'),
    ]) {
      await expect(call).rejects.toMatchObject({ code: 'SESSION_UNSUPPORTED' })
    }
  })
})

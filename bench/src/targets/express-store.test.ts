import session from 'express-session'
import { describe, expect, it } from 'vitest'
import { expressStoreTarget } from './express-store.js'

type Stored = Record<string, unknown> & { cookie: { expires?: string; originalMaxAge: number } }

/**
 * A store that answers its callbacks late and records the calls, to check that the target
 * drives a store as the express-session middleware does and waits for every answer.
 */
class SlowStore extends session.Store {
  readonly calls: string[] = []
  readonly data = new Map<string, string>()

  private later(callback: ((error?: unknown) => void) | undefined, call: string) {
    setTimeout(() => {
      this.calls.push(`${call} answered`)
      callback?.()
    }, 5)
  }

  override get(
    sid: string,
    callback: (err: unknown, session?: session.SessionData | null) => void,
  ) {
    this.calls.push('get')
    const raw = this.data.get(sid)
    setTimeout(() => callback(null, raw ? JSON.parse(raw) : null), 5)
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void) {
    this.calls.push('set')
    this.data.set(sid, JSON.stringify(sess))
    this.later(callback, 'set')
  }

  override touch(sid: string, _sess: session.SessionData, callback?: () => void) {
    this.calls.push(`touch ${sid.length}`)
    this.later(callback, 'touch')
  }

  override destroy(sid: string, callback?: (err?: unknown) => void) {
    this.calls.push('destroy')
    this.data.delete(sid)
    this.later(callback, 'destroy')
  }

  stored(sid: string): Stored {
    return JSON.parse(this.data.get(sid) ?? 'null') as Stored
  }
}

const FIELDS = { counter: 0, a: 'x', b: 'y' }

describe('expressStoreTarget', () => {
  it('creates with a 24-byte random id, the fields and an express-session cookie', async () => {
    const store = new SlowStore()
    const target = expressStoreTarget(store, FIELDS, 3600, 'slow', async () => {})
    const ref = await target.create()
    expect(Buffer.from(ref, 'base64url')).toHaveLength(24)
    expect(store.calls).toEqual(['set', 'set answered'])
    const stored = store.stored(ref)
    expect(stored).toMatchObject({ ...FIELDS, cookie: { originalMaxAge: 3_600_000, path: '/' } })
    expect(Date.parse(stored.cookie.expires ?? '')).toBeGreaterThan(Date.now() + 3_590_000)
  })

  it('reads with get then touch, and resolves only once the touch is answered', async () => {
    const store = new SlowStore()
    const target = expressStoreTarget(store, FIELDS, 3600, 'slow', async () => {})
    const ref = await target.create()
    store.calls.length = 0
    expect(await target.read(ref)).toBe(0)
    expect(store.calls).toEqual(['get', `touch ${ref.length}`, 'touch answered'])
  })

  it('modifies with get then set of the incremented counter, the rest kept', async () => {
    const store = new SlowStore()
    const target = expressStoreTarget(store, FIELDS, 3600, 'slow', async () => {})
    const ref = await target.create()
    store.calls.length = 0
    let readDone = false
    expect(await target.modify(ref, () => (readDone = store.calls.length === 1))).toBe(0)
    expect(readDone).toBe(true)
    expect(store.calls).toEqual(['get', 'set', 'set answered'])
    expect(store.stored(ref)).toMatchObject({ ...FIELDS, counter: 1 })
    expect(await target.modify(ref)).toBe(1)
  })

  it('destroys with get then destroy, and refuses a session that is not there', async () => {
    const store = new SlowStore()
    const target = expressStoreTarget(store, FIELDS, 3600, 'slow', async () => {})
    const ref = await target.create()
    store.calls.length = 0
    await target.destroy(ref)
    expect(store.calls).toEqual(['get', 'destroy', 'destroy answered'])
    await expect(target.read(ref)).rejects.toThrow('slow: session not found')
  })
})

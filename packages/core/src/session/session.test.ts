import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionDataError, SessionStateError } from '../errors.js'
import { tableOf } from '../storage/field-table.js'
import { Session, sessionStateOf } from './session.js'
import { generateSessionId, storageIdOf } from './session-id.js'
import { newSessionState } from './session-state.js'

const fresh = () => new Session(newSessionState(generateSessionId()))

afterEach(() => {
  vi.useRealTimers()
})

describe('Session', () => {
  it('starts new, clean and empty', () => {
    const session = fresh()
    expect(session.isNew).toBe(true)
    expect(session.dirty).toBe(false)
    expect(session.destroyed).toBe(false)
    expect(session.get('x')).toBeUndefined()
    expect(session.keys()).toEqual([])
  })

  it('gives a non-secret handle for logs, derived from the id and changed with it', () => {
    const session = fresh()
    const { handle } = session
    expect(handle).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(session.id).not.toContain(handle)
    expect(handle).toBe(storageIdOf(session.id).slice(0, 12))
    session.regenerateId()
    expect(session.handle).not.toBe(handle)
  })

  it('sets, reads, lists and unsets keys', () => {
    const session = fresh()
    session.set('user', { name: 'Ada' })
    expect(session.dirty).toBe(true)
    expect(session.get('user')).toEqual({ name: 'Ada' })
    expect(session.has('user')).toBe(true)
    expect(session.keys()).toEqual(['user'])
    session.unset('user')
    expect(session.has('user')).toBe(false)
    expect(session.get('user')).toBeUndefined()
  })

  it('returns copies, so mutating a read value changes nothing stored', () => {
    const session = fresh()
    session.set('list', [1])
    ;(session.get('list') as number[]).push(2)
    expect(session.get('list')).toEqual([1])
  })

  it('reports field TTLs and clears them on a set without ttl', () => {
    const session = fresh()
    session.set('a', 1, { ttl: 30 })
    expect(session.ttl('a')).toBe(30)
    session.set('a', 2)
    expect(session.ttl('a')).toBeUndefined()
    expect(session.ttl('missing')).toBeUndefined()
  })

  it('hides a loaded field once its own expiry passes', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const state = newSessionState(generateSessionId())
    state.isNew = false
    state.stored = new Map([
      ['otp', { value: '"123"', expiresAt: 1_005_000 }],
      ['__sk:created', { value: '1' }],
    ])
    const session = new Session(state)
    expect(session.get('otp')).toBe('123')
    expect(session.ttl('otp')).toBe(5)
    vi.setSystemTime(1_005_000)
    expect(session.get('otp')).toBeUndefined()
    expect(session.has('otp')).toBe(false)
    expect([session.has('__sk:created'), session.get('__sk:created')]).toEqual([false, undefined])
    expect(session.keys()).toEqual([])
  })

  it('refuses bad keys, bad ttls and non-JSON values with typed errors', () => {
    const session = fresh()
    expect(() => session.set('', 1)).toThrow(SessionDataError)
    expect(() => session.set('__sk:created', 1)).toThrow(/may not start/)
    expect(() => session.set('a', 1, { ttl: 0 })).toThrow(/ttl/)
    expect(() => session.set('a', 1, { ttl: 1.5 })).toThrow(/ttl/)
    expect(() => session.set('a', undefined)).toThrow(/unset/)
    expect(() => session.set('fn', () => 1)).toThrow(/"fn"/)
    expect(() => session.flash('big', 1n)).toThrow(SessionDataError)
    expect(session.dirty).toBe(false)
  })

  it('refuses keys that are not well-formed Unicode or __proto__, in every write, and accepts pairs', () => {
    const session = fresh()
    for (const key of ['lone \uD800 high', 'lone \uDC00 low', '\uDC00\uD800', 'end \uD83D']) {
      for (const write of [
        () => session.set(key, 1),
        () => session.flash(key, 1),
        () => session.unset(key),
      ]) {
        expect(write).toThrow(SessionDataError)
        expect(write).toThrow(/well-formed Unicode/)
      }
    }
    for (const write of [() => session.set('__proto__', 1), () => session.flash('__proto__', 1)]) {
      expect(write).toThrow(/"__proto__" is reserved/)
    }
    expect(session.dirty).toBe(false)
    session.set('pair \uD83D\uDE00 \u{1F600}', 1)
    expect(session.keys()).toEqual(['pair 😀 😀'])
  })

  it('keeps a flash out of this request and stores it under a reserved field', () => {
    const session = fresh()
    session.flash('notice', 'hi')
    expect(session.get('notice')).toBeUndefined()
    expect([...sessionStateOf(session).changes.keys()]).toEqual(['__sk:flash:notice'])
  })

  it('shows a flash consumed by the load, unless this request unset it', () => {
    const state = newSessionState(generateSessionId())
    state.stored = new Map([['__sk:flash:notice', { value: '"hi"' }]])
    const session = new Session(state)
    expect(session.get('notice')).toBe('hi')
    expect(session.keys()).toEqual(['notice'])
    session.unset('notice')
    expect(session.get('notice')).toBeUndefined()
  })

  it('finds a flash in a field table as in a map, and a plain key when the table has none', () => {
    const withFlash = newSessionState(generateSessionId())
    withFlash.stored = tableOf(
      { notice: { value: '"kept"' }, '__sk:flash:notice': { value: '"hi"' } },
      0,
    )
    expect(new Session(withFlash).get('notice')).toBe('hi')
    const without = newSessionState(generateSessionId())
    without.stored = tableOf({ notice: { value: '"kept"' } }, 0)
    expect(new Session(without).get('notice')).toBe('kept')
  })

  it('regenerates to a new id and keeps the data', () => {
    const session = fresh()
    const before = session.id
    session.set('a', 1)
    session.regenerateId()
    expect(session.id).not.toBe(before)
    expect(session.get('a')).toBe(1)
    expect(sessionStateOf(session).regenerated).toEqual({ deleteOld: true })
    session.regenerateId({ deleteOld: false })
    expect(sessionStateOf(session).regenerated).toEqual({ deleteOld: false })
  })

  it('forgets everything on destroy and refuses writes afterwards', () => {
    const session = fresh()
    session.set('a', 1)
    session.destroy()
    expect(session.destroyed).toBe(true)
    expect(session.dirty).toBe(true)
    expect(session.get('a')).toBeUndefined()
    expect(() => session.set('a', 1)).toThrow(SessionStateError)
    expect(() => session.regenerateId()).toThrow(SessionStateError)
  })

  it('is only made by a storage', () => {
    expect(() => sessionStateOf({} as Session)).toThrow(SessionStateError)
  })
})

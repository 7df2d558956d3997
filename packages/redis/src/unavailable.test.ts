import { SessionStorageUnavailableError } from '@sessionkit/core'
import { describe, expect, it } from 'vitest'
import { unavailable } from './unavailable.js'

describe('unavailable', () => {
  it("keeps only the client error's message", () => {
    const error = unavailable('load', Object.assign(new Error('boom'), { args: ['secret'] }))
    expect(error).toBeInstanceOf(SessionStorageUnavailableError)
    expect(error.message).toBe('Redis session load failed: boom')
    expect(error.cause).toBeUndefined()
  })

  it('adds the last connection error', () => {
    const error = unavailable('save', new Error('retries ran out'), 'self-signed certificate')
    expect(error.message).toBe(
      'Redis session save failed: retries ran out (connection: self-signed certificate)',
    )
  })

  it('does not repeat a connection error that is the reason', () => {
    expect(unavailable('load', new Error('ECONNRESET'), 'ECONNRESET').message).toBe(
      'Redis session load failed: ECONNRESET',
    )
  })

  it('passes session errors through', () => {
    const original = new SessionStorageUnavailableError('read timed out')
    expect(unavailable('load', original, 'ECONNREFUSED')).toBe(original)
  })
})

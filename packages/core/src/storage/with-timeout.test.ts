import { describe, expect, it } from 'vitest'
import { SessionDataError, SessionStorageUnavailableError } from '../errors.js'
import { withTimeout } from './with-timeout.js'

describe('withTimeout', () => {
  it('passes results through', async () => {
    await expect(withTimeout('read', 100, async () => 42)).resolves.toBe(42)
  })

  it('turns a hang into an unavailable error after the timeout', async () => {
    const started = Date.now()
    const hang = withTimeout('read', 50, () => new Promise(() => {}))
    await expect(hang).rejects.toThrow(SessionStorageUnavailableError)
    await expect(hang).rejects.toThrow(/timed out after 50 ms/)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('wraps foreign failures and keeps sessionkit errors as they are', async () => {
    const refused = withTimeout('save', 100, async () => {
      throw new Error('connect ECONNREFUSED')
    })
    await expect(refused).rejects.toThrow(SessionStorageUnavailableError)
    await expect(refused).rejects.toThrow(/ECONNREFUSED/)
    const typed = new SessionDataError('corrupt', 'k')
    await expect(withTimeout('read', 100, async () => Promise.reject(typed))).rejects.toBe(typed)
  })
})

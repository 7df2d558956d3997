import { describe, expect, it } from 'vitest'
import { describeError } from './describe-error.js'

class CodedError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'CodedError'
  }
}

describe('describeError', () => {
  it('gives name, code and message on one line', () => {
    expect(describeError(new CodedError('store down', 'E_DOWN'))).toBe(
      'CodedError [E_DOWN]: store down',
    )
    expect(describeError('plain')).toBe('plain')
  })

  it('adds only the causes that say something new', () => {
    const root = new Error('connect ECONNREFUSED 127.0.0.1:1')
    const middle = new Error('server 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1', {
      cause: root,
    })
    const top = new CodedError('store down', 'E_DOWN', { cause: middle })
    expect(describeError(top)).toBe(
      'CodedError [E_DOWN]: store down (cause: Error: server 127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1)',
    )
  })

  it('stops on a cycle of causes', () => {
    const a = new Error('a')
    const b = new Error('b', { cause: a })
    ;(a as { cause?: unknown }).cause = b
    expect(describeError(a)).toBe('Error: a (cause: Error: b)')
  })
})

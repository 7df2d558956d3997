import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SessionConfigError } from '../errors.js'
import { sessionStorageOptionsShape } from '../storage/storage-options.js'
import { defineSessionBackend } from './session-backend.js'

const backend = defineSessionBackend({
  optionsSchema: z.strictObject({ ...sessionStorageOptionsShape, servers: z.array(z.string()) }),
  urlOptions: (url) => ({ servers: url.hosts.split(',') }),
  create: () => {
    throw new Error('not used')
  },
})

describe('defineSessionBackend', () => {
  it("reads the URL's own parts through the backend and its query through the schema", () => {
    expect(backend.optionsFromUrl('x://a,b?ttl=5&prefix=app:&tll=1')).toEqual({
      servers: ['a', 'b'],
      ttl: 5,
      prefix: 'app:',
      tll: '1',
    })
  })

  it('refuses a query option that the rest of the URL sets already', () => {
    expect(() => backend.optionsFromUrl('x://a?servers=b')).toThrow(SessionConfigError)
    expect(() => backend.optionsFromUrl('x://a?servers=b')).toThrow(
      /servers: set by the URL itself, so it cannot be in its query too/,
    )
  })
})

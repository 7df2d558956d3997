import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { sessionStorageOptionsShape, wholeNumber } from '../storage/storage-options.js'
import { withOptionRules } from './parse-options.js'
import { queryOptions } from './query-options.js'

const schema = withOptionRules(
  z.strictObject({
    ...sessionStorageOptionsShape,
    failover: z.boolean().optional(),
    tls: z.union([z.boolean(), z.object({ ca: z.string() })]).optional(),
    retries: wholeNumber('retries', 0, 10).optional(),
  }),
  () => {},
)

describe('queryOptions', () => {
  it("converts each value to the option's type, and leaves the rest as written", () => {
    const query = new URLSearchParams(
      'ttl=60&maxSize=1e3&timeout=soon&prefix=123&failover=true&tls=false&retries=0&colour=7&ttl=90',
    )
    expect(queryOptions(schema, query)).toEqual({
      ttl: 90,
      maxSize: 1000,
      timeout: 'soon',
      prefix: '123',
      failover: true,
      tls: false,
      retries: 0,
      colour: '7',
    })
    expect(queryOptions(schema, new URLSearchParams('failover=yes&ttl='))).toEqual({
      failover: 'yes',
      ttl: '',
    })
  })
})

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { SessionConfigError } from '../errors.js'
import { sessionStorageOptionsShape, wholeNumber } from '../storage/storage-options.js'
import { closestName } from './closest-name.js'
import { parseOptions, withOptionRules } from './parse-options.js'

const schema = withOptionRules(
  z.strictObject({
    ...sessionStorageOptionsShape,
    url: z.string({ error: 'must be a string' }).optional(),
    password: z.string({ error: 'must be a string' }).optional(),
    failover: z.boolean({ error: 'must be true or false' }).optional(),
    retries: wholeNumber('retries', 0, 10).optional(),
  }),
  (options, report) => {
    if (options.url === undefined) report('url', 'is required')
    if (options.password !== undefined && typeof options.url === 'string') {
      report('', 'give the password in url or in password, not both')
    }
  },
)

function issuesOf(options: unknown): readonly string[] {
  try {
    parseOptions(schema, options)
  } catch (error) {
    expect(error).toBeInstanceOf(SessionConfigError)
    return (error as SessionConfigError).issues
  }
  throw new Error('expected a SessionConfigError')
}

describe('parseOptions', () => {
  it('returns the parsed options', () => {
    expect(parseOptions(schema, { url: 'redis://h', ttl: 60, failover: true })).toEqual({
      url: 'redis://h',
      ttl: 60,
      failover: true,
    })
  })

  it('lists every problem in one error, one line each, led by its path', () => {
    expect(
      issuesOf({ ttl: 0, timeout: 2 ** 31, maxSize: 1.5, retries: 'x', prefix: 5, failOver: true }),
    ).toEqual([
      'ttl: must be a whole number of seconds from 1 to 2147483647',
      'maxSize: must be a whole number of bytes, at least 1',
      'timeout: must be a whole number of ms from 1 to 2147483647',
      'prefix: must be a string',
      'retries: must be a whole number of retries from 0 to 10',
      'failOver: unknown option (did you mean failover?)',
      'url: is required',
    ])
  })

  it('hints at the closest known name only when there is one', () => {
    expect(issuesOf({ url: 'x', tll: 5, colour: 'blue', maxsize: 1 })).toEqual([
      'tll: unknown option (did you mean ttl?)',
      'colour: unknown option',
      'maxsize: unknown option (did you mean maxSize?)',
    ])
    expect(issuesOf('redis://h')).toEqual(['must be an object of options'])
  })

  it('never puts a password or URL credentials in a message', () => {
    const password = 'Tr0ub4dor&3'
    const issues = issuesOf({
      url: `redis://admin:${encodeURIComponent(password)}@cache:6379`,
      password,
      [password]: 1,
    })
    expect(issues).toEqual([
      '***: unknown option',
      'give the password in url or in password, not both',
    ])
    expect(issues.join('\n')).not.toContain(password)
  })
})

describe('closestName', () => {
  it('allows an edit per three letters, case ignored, a swap counting as one edit', () => {
    expect(closestName('failOver', ['failover', 'retries'])).toBe('failover')
    expect(closestName('prefx', ['prefix', 'ttl'])).toBe('prefix')
    expect(closestName('tiemout', ['timeout'])).toBe('timeout')
    expect(closestName('colour', ['url', 'ttl'])).toBeUndefined()
    expect(closestName('x', ['ttl'])).toBeUndefined()
  })
})

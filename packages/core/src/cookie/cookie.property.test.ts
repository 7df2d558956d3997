import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { propertyParameters } from '../../test-support/property-runs.js'
import { createCookie } from './cookie.js'
import {
  findCookieValue,
  MAX_COOKIE_HEADER_LENGTH,
  MAX_COOKIES_PER_HEADER,
} from './cookie-header.js'

/**
 * The model of a `Cookie` header: pairs split on ';', each name and value trimmed, a value in
 * double quotes unquoted; the first pair with the name wins; a pair without '=' is skipped.
 * Headers over the limits hold no cookie.
 */
function modelValue(header: string, name: string): string | undefined {
  if (header.length > MAX_COOKIE_HEADER_LENGTH) return undefined
  const pairs = header.split(';')
  if (pairs.length > MAX_COOKIES_PER_HEADER) return undefined
  for (const pair of pairs) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
    const value = pair.slice(equals + 1).trim()
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1)
      : value
  }
  return undefined
}

const SECRET = 'a-property-test-secret-of-32-bytes!'
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}$/)
const piece = fc.oneof(
  fc.tuple(token, fc.string({ maxLength: 12 })).map(([n, v]) => `${n}=${v.replaceAll(';', '')}`),
  fc.constantFrom(' ', '', '=', 'sid', ' sid = "quoted" ', 'sid=', 'x=y=z', '"'),
)
const header = fc
  .array(piece, { maxLength: 12 })
  .chain((pieces) => fc.constantFrom(';', '; ', ' ;').map((sep) => pieces.join(sep)))

describe('cookie properties', () => {
  it('finds the value the header model finds, in any header', () => {
    fc.assert(
      fc.property(header, fc.constantFrom('sid', 'x', 'a'), (text, name) => {
        expect(findCookieValue(text, name)).toBe(modelValue(text, name))
      }),
      propertyParameters(2000),
    )
  })

  it('reads back what it signed, among other cookies; any change to it reads as null', async () => {
    const cookie = createCookie('sid', { secrets: [SECRET] })
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
        fc.array(piece, { maxLength: 5 }),
        fc.nat(),
        async (value, others, flip) => {
          const pair = (await cookie.serialize(value)).split('; ')[0] ?? ''
          const text = [...others.filter((p) => !/^\s*sid\s*=/.test(p)), pair].join('; ')
          expect(await cookie.parse(text)).toBe(value)
          // Change one character of the signed pair's value.
          const raw = pair.slice('sid='.length)
          const at = flip % raw.length
          const changed = raw[at] === 'A' ? 'B' : 'A'
          const tampered = `sid=${raw.slice(0, at)}${changed}${raw.slice(at + 1)}`
          const parsed = await cookie.parse(tampered)
          // Only a change inside the percent-encoding of the same character could keep it.
          if (parsed !== null)
            expect(decodeURIComponent(tampered.slice(4))).toBe(decodeURIComponent(raw))
        },
      ),
      propertyParameters(300),
    )
  })
})

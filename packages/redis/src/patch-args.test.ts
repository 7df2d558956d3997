import { describe, expect, it } from 'vitest'
import { fieldsArgs, patchArgs } from './patch-args.js'

describe('patch arguments', () => {
  it('encodes removals, then writes as name, value, ttl', () => {
    expect(
      patchArgs({ unset: ['a', 'b'], set: { c: { value: '1' }, d: { value: '"x"', ttl: 60 } } }),
    ).toEqual(['2', 'a', 'b', '2', 'c', '1', '', 'd', '"x"', '60'])
  })

  it('encodes new fields as a patch without removals', () => {
    expect(fieldsArgs({ a: { value: 'v' } })).toEqual(['0', '1', 'a', 'v', ''])
  })
})

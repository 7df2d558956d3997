import { describe, expect, it } from 'vitest'
import { pushFields, pushPatch } from './patch-args.js'

describe('patch arguments', () => {
  it('encodes removals, plain writes (driver fields first), then writes with a TTL', () => {
    const args = ['evalsha']
    pushPatch(
      args,
      {
        unset: ['a', 'b'],
        set: { c: { value: '1' }, d: { value: '"x"', ttl: 60 }, e: { value: '2' } },
      },
      ['__sk:d:x', '99'],
    )
    expect(args).toEqual([
      ...['evalsha', '2', 'a', 'b'],
      ...['3', '__sk:d:x', '99', 'c', '1', 'e', '2'],
      ...['1', 'd', '"x"', '60'],
    ])
  })

  it('encodes new fields as a patch without removals', () => {
    const args: string[] = []
    pushFields(args, { a: { value: 'v' } }, [])
    expect(args).toEqual(['0', '1', 'a', 'v', '0'])
  })
})

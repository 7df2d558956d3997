import { Utils } from 'memjs'
import { describe, expect, it } from 'vitest'
import { encodeRequest } from './request.js'

describe('encodeRequest', () => {
  it('lays out header, extras, key and value as the binary protocol defines them', () => {
    const cas = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])
    const request = encodeRequest(0x01, 'kéy', [0, 60], 'välue', 0x01020304, cas)
    const key = Buffer.from('kéy')
    const value = Buffer.from('välue')
    expect(request.length).toBe(24 + 8 + key.length + value.length)
    expect(request.readUInt8(0)).toBe(0x80) // request magic
    expect(request.readUInt8(1)).toBe(0x01)
    expect(request.readUInt16BE(2)).toBe(key.length)
    expect(request.readUInt8(4)).toBe(8)
    expect(request.readUInt8(5)).toBe(0)
    expect(request.readUInt16BE(6)).toBe(0)
    expect(request.readUInt32BE(8)).toBe(8 + key.length + value.length)
    expect(request.readUInt32BE(12)).toBe(0x01020304)
    expect([...request.subarray(16, 24)]).toEqual([...cas])
    expect([request.readUInt32BE(24), request.readUInt32BE(28)]).toEqual([0, 60])
    expect(request.subarray(32, 32 + key.length)).toEqual(key)
    expect(request.subarray(32 + key.length)).toEqual(value)
  })

  it('zeroes the CAS when there is none, and builds bodiless requests', () => {
    // Buffer.allocUnsafe may hand out recycled memory: fill the pool with garbage first.
    Buffer.allocUnsafe(64).fill(0xff)
    const request = encodeRequest(0x00, 'k', [], '', 7)
    expect(request.length).toBe(25)
    expect([...request.subarray(16, 24)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(request.readUInt32BE(8)).toBe(1)
  })

  it('makes the same bytes as memjs for the requests memjs can make', () => {
    const expiration = Buffer.alloc(4)
    expiration.writeUInt32BE(3600)
    const setExtras = Buffer.alloc(8)
    setExtras.writeUInt32BE(3600, 4)
    expect(encodeRequest(0x1d, 'session:abc', [3600], '', 42)).toEqual(
      Utils.makeRequestBuffer(0x1d, 'session:abc', expiration, '', 42),
    )
    expect(encodeRequest(0x01, 'session:abc', [0, 3600], '{"v":1}', 43)).toEqual(
      Utils.makeRequestBuffer(0x01, 'session:abc', setExtras, '{"v":1}', 43),
    )
    expect(encodeRequest(0x04, 'session:abc', [], '', 0xffffffff)).toEqual(
      Utils.makeRequestBuffer(0x04, 'session:abc', '', '', 0xffffffff),
    )
  })
})

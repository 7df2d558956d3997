/** Length of a binary-protocol header, request or response. */
export const HEADER_LENGTH = 24

const REQUEST_MAGIC = 0x80

/**
 * One memcached binary-protocol request, built straight into one buffer: the 24-byte header
 * (`opaque` in bytes 12-15, `cas` in bytes 16-23, zeros without one), then `extras` (each a
 * big-endian uint32), the key and the value, both UTF-8. No intermediate buffer is made for
 * the key, the value or the extras.
 */
export function encodeRequest(
  opcode: number,
  key: string,
  extras: readonly number[],
  value: string,
  opaque: number,
  cas?: Buffer,
): Buffer {
  const keyLength = Buffer.byteLength(key)
  const extrasLength = extras.length * 4
  const valueLength = value === '' ? 0 : Buffer.byteLength(value)
  const bodyLength = extrasLength + keyLength + valueLength
  const request = Buffer.allocUnsafe(HEADER_LENGTH + bodyLength)
  request[0] = REQUEST_MAGIC
  request[1] = opcode
  request.writeUInt16BE(keyLength, 2)
  request[4] = extrasLength
  request[5] = 0 // data type
  request.writeUInt16BE(0, 6) // vbucket
  request.writeUInt32BE(bodyLength, 8)
  request.writeUInt32BE(opaque, 12)
  if (cas) cas.copy(request, 16, 0, 8)
  else request.fill(0, 16, HEADER_LENGTH)
  let offset = HEADER_LENGTH
  for (const extra of extras) offset = request.writeUInt32BE(extra, offset)
  offset += request.write(key, offset, keyLength, 'utf8')
  if (valueLength > 0) request.write(value, offset, valueLength, 'utf8')
  return request
}

import { tcpExchange } from './tcp-exchange.js'

/** Binary protocol opcodes the harness sends. */
export const BinaryOpcode = {
  get: 0x00,
  version: 0x0b,
  saslListMechanisms: 0x20,
  saslAuth: 0x21,
} as const

/** Binary protocol response statuses the harness tells apart. */
export const BinaryStatus = {
  ok: 0x00,
  authError: 0x20,
  authContinue: 0x21,
  unknownCommand: 0x81,
} as const

/** A binary protocol response: its status and its value. */
export interface BinaryReply {
  readonly status: number
  readonly value: Buffer
}

const HEADER_BYTES = 24

/**
 * Sends one memcached binary-protocol request (`opcode`, `key`, `value`, no extras) to
 * host:port and resolves with the first response. Rejects on connection errors, on a closed
 * connection, on a reply that is not binary protocol, and after `timeoutMs`.
 */
export async function binaryRequest(
  host: string,
  port: number,
  opcode: number,
  key: string | Buffer = '',
  value: string | Buffer = '',
  timeoutMs = 2_000,
): Promise<BinaryReply> {
  const keyBytes = Buffer.from(key)
  const valueBytes = Buffer.from(value)
  const request = Buffer.alloc(HEADER_BYTES + keyBytes.length + valueBytes.length)
  request[0] = 0x80 // request magic
  request[1] = opcode
  request.writeUInt16BE(keyBytes.length, 2)
  request.writeUInt32BE(keyBytes.length + valueBytes.length, 8)
  keyBytes.copy(request, HEADER_BYTES)
  valueBytes.copy(request, HEADER_BYTES + keyBytes.length)

  const isComplete = (reply: Buffer) => {
    if (reply[0] !== 0x81) throw new Error(`${host}:${port} did not answer in binary`)
    return reply.length >= HEADER_BYTES && reply.length >= HEADER_BYTES + reply.readUInt32BE(8)
  }
  const reply = await tcpExchange({ host, port, request, isComplete, timeoutMs })
  const end = HEADER_BYTES + reply.readUInt32BE(8)
  const keyAndExtras = reply.readUInt16BE(2) + (reply[4] as number)
  return { status: reply.readUInt16BE(6), value: reply.subarray(HEADER_BYTES + keyAndExtras, end) }
}

import { tcpExchange } from './tcp-exchange.js'

function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`
}

function isWholeReply(reply: Buffer): boolean {
  const lineEnd = reply.indexOf('\r\n')
  if (lineEnd < 0) return false
  if (reply[0] !== 0x24 /* '$' */) return true
  const length = Number(reply.subarray(1, lineEnd).toString('latin1'))
  return length < 0 || reply.length >= lineEnd + 2 + length + 2
}

/**
 * Sends one command over RESP2 and returns the reply's text (simple strings, errors, bulk
 * strings; enough for PING and CLUSTER INFO). Error replies reject. With `tls`, the command
 * goes over TLS and the server's certificate is not checked.
 */
export async function respCommand(
  host: string,
  port: number,
  args: string[],
  tls = false,
): Promise<string> {
  const bytes = await tcpExchange({
    host,
    port,
    request: encode(args),
    isComplete: isWholeReply,
    tls,
  })
  const reply = bytes.toString('utf8')
  const lineEnd = reply.indexOf('\r\n')
  if (reply[0] === '-') throw new Error(`${args[0]} on ${host}:${port}: ${reply.slice(1, lineEnd)}`)
  if (reply[0] === '$') return reply.slice(lineEnd + 2, reply.length - 2)
  return reply.slice(1, lineEnd)
}

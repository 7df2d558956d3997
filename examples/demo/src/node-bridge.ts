import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest request body the demo reads; its forms are a few dozen bytes. */
export const MAX_BODY_BYTES = 4096

/** The request body was over `MAX_BODY_BYTES`. */
export class BodyTooLargeError extends Error {
  constructor() {
    super(`Request body over ${MAX_BODY_BYTES} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/**
 * A fetch `Request` for a Node request, its body read whole (at most `MAX_BODY_BYTES`, else
 * `BodyTooLargeError`), so that a fetch-style handler (`withSession`) can serve Node's `http`.
 */
export async function toFetchRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
  const body = method === 'GET' || method === 'HEAD' ? null : await readBody(req)
  return new Request(url, { method, headers, body })
}

/** Write a fetch `Response` to a Node response, each `Set-Cookie` kept as its own header. */
export async function sendFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  const body = Buffer.from(await response.arrayBuffer())
  headers['content-length'] = String(body.length)
  res.writeHead(response.status, headers).end(body)
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new BodyTooLargeError()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError()
    chunks.push(chunk)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
